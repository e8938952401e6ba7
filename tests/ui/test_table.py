"""The pages' plain HTML tables (ui/table.py): every cell text, numbers right-aligned, read back whole."""

from __future__ import annotations

from concepts.fisher import explain as fisher_explain
from explain import Code, typeset_minus
from ui.table import is_number_column, table_html, table_rows
from core import fisher


def test_a_table_reads_back_as_the_rows_it_was_given():
    rows = [{"estimator": "MLE θ̂", "bias": "+0.0012", "note": "fine"},
            {"estimator": "median", "bias": "−0.0400", "note": "(∞ in theory)"}]
    assert table_rows(table_html(rows)) == [rows]


def test_markup_in_a_cell_is_shown_as_text():
    hostile = '<img src=x onerror=alert(1)> **bold** $x^2$ [link](https://example.com) `code` & "quote"'
    markup = table_html([{"<b>column</b>": hostile}])
    assert "<img" not in markup and "<b>" not in markup and "$" not in markup
    assert table_rows(markup) == [[{"<b>column</b>": hostile}]]


def test_a_table_is_one_html_block_a_markdown_reader_takes_whole():
    markup = table_html([{"a": "1\n\n2"}, {"a": "3"}])
    assert "\n\n" not in markup.replace(table_rows(markup)[0][0]["a"], "")   # only a cell's own text may hold one
    assert markup.startswith('<div class="explorer-table"') and markup.endswith("</table></div>")


def test_the_scrolling_box_takes_the_keyboard_and_is_named():
    markup = table_html([{"estimator": "MLE", "bias": "+0.1"}])
    assert 'role="region" tabindex="0" aria-label="estimator, bias"' in markup
    assert 'aria-label="a &quot;b&quot; &lt;c&gt;"' in table_html([{"x": "1"}], label='a "b" <c>')


def test_numbers_are_right_aligned_and_words_are_not():
    assert is_number_column(["1,024", "−0.5", "3.2e−05".replace("−", "-"), "+0.0012", "—"])
    assert is_number_column(["1.2 ms (5 runs)", "0.812 (by MSE)"])   # a number with its unit or remark
    assert not is_number_column(["—", "—"])                           # no number at all
    assert not is_number_column(["MLE", "0.5"])
    assert not is_number_column(["pid = tl.program_id(0)"])
    markup = table_html([{"estimator": "MLE", "bias": "+0.1"}])
    assert '<th scope="col">estimator</th>' in markup and '<th class="num" scope="col">bias</th>' in markup
    assert '<td class="num">+0.1</td>' in markup


def test_fishers_estimator_table_keeps_every_number():
    results = fisher.simulate(fisher.MODELS["normal-variance"], 2.7, 5, 2000, 21)
    rows = fisher_explain.estimator_rows(results)
    (shown,) = table_rows(table_html(rows))
    assert shown == [{column: typeset_minus(value) for column, value in row.items()} for row in rows]
    assert f'<td class="num">{typeset_minus(rows[0]["mean"])}</td>' in table_html(rows)


def test_negative_numbers_get_a_minus_sign_and_code_stays_as_written():
    line = Code("tl.store(out_ptr + offsets, log_norm - 0.5 * z * z, mask=in_range) # <b>$x$</b>")
    markup = table_html([{"line": line, "value": "-2.0129, -2.4249 …", "exponent": "1e-05"}])
    assert f"<td><code>{line.replace('<', '&lt;').replace('>', '&gt;').replace('$', '&#36;')}</code></td>" in markup
    assert table_rows(markup) == [[{"line": line, "value": "−2.0129, −2.4249 …", "exponent": "1e-05"}]]


def test_no_rows_draw_nothing():
    assert table_html([]) == "" and table_rows("") == []
