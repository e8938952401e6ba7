"""Pure maths for the explorer: numbers and arrays in, frozen dataclasses and arrays out.

Nothing here imports Streamlit or Plotly, so every function is testable and reusable on its own.
"""
