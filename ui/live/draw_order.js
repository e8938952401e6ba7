// A page's charts drawn one at a time, one per frame, the topmost of those waiting first, so that each figure
// appears as soon as it is drawn (issue 34, "draw progressively"; ui/compression.py puts this script in
// Streamlit's page).
//
// Streamlit's chart element loads Plotly.js once, then every chart of the page asks Plotly.react for its first
// draw in the same task: the browser shows nothing until all of them are drawn (220-460 ms on a page of three
// figures, bench/RESULTS.md, "First load"). Here a chart's first draw waits its turn: of the charts waiting, the
// topmost is drawn first, and each of the others after the browser has painted the one before. (Only the charts
// that have asked can be ordered: a page's main figure that mounts later than the others is drawn after them.)
// Redraws of a chart already drawn (a rerun, a live control) go through at once, as does anything else asked of
// Plotly.
//
// What this assumes of Streamlit's frontend, checked when the server starts (ui/internals.py,
// frontend_draws_through_window_plotly) and in Chromium (tests/browser/test_offline.py): its chart bundle sets
// window.Plotly, and its chart element draws with Plotly.react, looked up on that object at the time of the draw,
// and waits for the promise it returns.
(function drawChartsTopmostFirst() {
  const waiting = [];                // first draws asked for and not made yet: {element, draw}
  const drawnOnce = new WeakSet();   // charts this script has let draw: their later draws are redraws
  let draining = false;
  let lastDrawPainted = Promise.resolve();   // the frame after the last first draw (one chart per frame)

  // After the browser's next frame (a hidden tab paints none, so there: at once, in the next task). A frame is
  // waited for however late it comes: a time limit would let two charts into one frame on a busy phone.
  function afterPaint() {
    return new Promise((resolve) => {
      if (document.hidden) {
        setTimeout(resolve, 0);
      } else {
        requestAnimationFrame(() => setTimeout(resolve, 0));
      }
    });
  }

  function topmostFirst(a, b) {
    if (a.element === b.element) {
      return 0;                      // one chart asked twice before its turn: in the order asked (sort is stable)
    }
    return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  }

  async function drain() {
    draining = true;
    // Every chart mounted in this task has asked by the next one: then the topmost can be found. A chart that
    // asks later (a page's main figure sometimes mounts 0.1-0.4 s after the others: bench/RESULTS.md, "The
    // measure corrected") still waits for the frame after the last chart drawn, so that each is painted on its own.
    await Promise.all([new Promise((resolve) => setTimeout(resolve, 0)), lastDrawPainted]);
    while (waiting.length) {
      waiting.sort(topmostFirst);
      waiting.shift().draw();
      lastDrawPainted = afterPaint();
      if (waiting.length) {
        await lastDrawPainted;
      }
    }
    draining = false;
  }

  function drawnInTurn(react) {
    const inTurn = function (element, ...rest) {
      if (!(element instanceof Element) || drawnOnce.has(element)) {
        return react.call(this, element, ...rest);
      }
      return new Promise((resolve, reject) => {
        const draw = () => {
          if (!element.isConnected) {      // removed while waiting (the page moved on): nothing to draw
            resolve(element);
            return;
          }
          drawnOnce.add(element);
          try {
            resolve(react.call(this, element, ...rest));
          } catch (error) {
            reject(error);
          }
        };
        waiting.push({ element, draw });
        if (!draining) {
          drain();
        }
      });
    };
    inTurn.drawsInTurn = true;
    return inTurn;
  }

  let plotly;
  try {
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get() {
        return plotly;
      },
      set(value) {
        if (value && typeof value.react === "function" && !value.react.drawsInTurn) {
          value.react = drawnInTurn(value.react);
        }
        plotly = value;
      },
    });
  } catch (error) {
    console.warn("explorer: charts are drawn all at once (window.Plotly could not be watched)", error);
  }
})();
