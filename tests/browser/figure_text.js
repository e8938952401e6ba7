// The text a reader sees inside each Plotly figure, checked from the DOM's bounding boxes (tests/browser/test_template.py):
// - "overlap": two pieces of text (titles, tick labels, legend entries, annotations, point labels, the visible mode
//   bar) that cover each other by more than 1.5 px both ways;
// - "cut": text that runs past what shows it: the figure's own box, or the plot area that clips a point label.
// Hover labels are left out (they are drawn over the figure on purpose), and so is anything hidden: display none,
// visibility hidden, opacity 0 (the mode bar on a desktop until the pointer is over the figure).
() => {
  const problems = [];
  const shown = element => {
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) return false;
    }
    return true;
  };
  const plotAreaOf = (figure, text) => {   // a point label is clipped to its subplot's plot area
    if (!text.closest('.textpoint')) return null;
    const subplot = text.closest('g.subplot');
    const name = subplot && [...subplot.classList].find(c => c !== 'subplot');
    const area = name && figure.querySelector(`.draglayer .${name} .nsewdrag`);
    return area ? area.getBoundingClientRect() : null;
  };
  const outside = (box, frame) => box.left < frame.left - 1 || box.right > frame.right + 1
                                   || box.top < frame.top - 1 || box.bottom > frame.bottom + 1;
  document.querySelectorAll('.js-plotly-plot').forEach(figure => {
    const frame = figure.getBoundingClientRect();
    if (frame.height === 0) return;
    const owner = (figure.closest("[class*='st-key-']") || {className: ''}).className.match(/st-key-[\w-]+/);
    const name = owner ? owner[0].replace('st-key-', '') : '?';
    const pieces = [...figure.querySelectorAll('svg text')]
      .filter(text => text.textContent.trim() && !text.closest('.hoverlayer') && shown(text))
      .map(text => ({text: text.textContent.trim().slice(0, 50), box: text.getBoundingClientRect(), clip: plotAreaOf(figure, text)}))
      .filter(piece => piece.box.width > 0 && piece.box.height > 0);
    const modebar = figure.querySelector('.modebar');
    const group = figure.querySelector('.modebar-group');
    if (modebar && group && shown(modebar) && parseFloat(getComputedStyle(group).opacity) > 0) {
      const box = modebar.getBoundingClientRect();
      if (box.width > 0) pieces.push({text: '[mode bar]', box, clip: null});
    }
    pieces.forEach((piece, i) => {
      if (piece.text !== '[mode bar]' && (outside(piece.box, frame) || (piece.clip && outside(piece.box, piece.clip))))
        problems.push({figure: name, kind: 'cut', text: piece.text});
      pieces.slice(i + 1).forEach(other => {
        const width = Math.min(piece.box.right, other.box.right) - Math.max(piece.box.left, other.box.left);
        const height = Math.min(piece.box.bottom, other.box.bottom) - Math.max(piece.box.top, other.box.top);
        if (width > 1.5 && height > 1.5)
          problems.push({figure: name, kind: 'overlap', text: piece.text, other: other.text,
                         by: [Math.round(width), Math.round(height)]});
      });
    });
  });
  return problems;
}
