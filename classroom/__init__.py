"""The live classroom (issue 15): rooms that students follow, and questions the class answers before the
reveal. Pure Python, no Streamlit: `rooms` names and checks rooms, `store` keeps their shared state (in
this process, or in Redis for several replicas), `questions` reads a lesson step's question and computes
its true answer from core. The Streamlit side is ui/classroom.py."""
