// The order challenge (docs/flash-deals.md). The ALTCHA widget (wwwroot/lib/altcha, from npm) fetches
// GET /api/orders/challenge and solves it in a worker while the viewer fills the form; the order
// form takes the solution for the Ocop-Challenge header. A solution pays for one order: once taken,
// the next one is solved when the viewer touches the form again. The widget is invisible: the
// viewer sees nothing of it, the element carries data-state (idle, solving, ready, error) and
// data-took (milliseconds of the last solve) for the console and the tests.
// The widget's script (~100 KB) is not part of the first paint: it is fetched when the viewer first
// touches the form (warm) or orders (take), from data-script on the element.
(function () {
  'use strict';
  var widget = document.querySelector('altcha-widget[data-testid="viewer-challenge"]');
  if (!widget) { return; }
  var workerUrl = widget.dataset.worker;
  var loaded = null;    // Promise of the widget's script, once asked for

  function load() {
    if (!loaded) {
      loaded = new Promise(function (resolve, reject) {
        if (window.$altcha) { resolve(); return; }
        var script = document.createElement('script');
        script.src = widget.dataset.script;
        script.onload = function () { resolve(); };
        script.onerror = function () { loaded = null; reject(new Error('altcha')); };
        document.head.appendChild(script);
      }).then(function () {
        // Same-origin worker file (script-src 'self'), not the default bundle's blob: workers.
        window.$altcha.algorithms.set('SHA-256', function () { return new Worker(workerUrl); });
        return customElements.whenDefined('altcha-widget');
      });
    }
    return loaded;
  }

  var next = null;      // Promise of the next solution, solving or solved, not yet taken
  var busy = false;

  function mark(state) { widget.dataset.state = state; }
  mark('idle');

  function solve() {
    busy = true;
    mark('solving');
    var started = Date.now();
    var p = load().then(function () { return new Promise(function (resolve, reject) {
      function done() {
        widget.removeEventListener('verified', onVerified);
        widget.removeEventListener('statechange', onState);
        busy = false;
      }
      function onVerified(e) {
        done();
        widget.dataset.took = String(Date.now() - started);
        mark('ready');
        resolve(e.detail.payload);
      }
      function onState(e) {
        if (e.detail && e.detail.state === 'error') { done(); mark('error'); reject(new Error('challenge')); }
      }
      widget.addEventListener('verified', onVerified);
      widget.addEventListener('statechange', onState);
      widget.reset();
      widget.verify();
    }); }, function (e) { busy = false; mark('error'); throw e; });
    p.then(null, function () { if (next === p) { next = null; } });
    return p;
  }

  // Solved long ago and never used: the widget says when the challenge has expired.
  widget.addEventListener('expired', function () { if (!busy) { next = null; mark('idle'); } });

  var api = {
    // Start solving if nothing is ready or under way (the form calls this on focus and input).
    warm: function () { if (!next && !busy) { next = solve(); } },
    // The solution for one order (waits for the solve under way); null when it cannot be had.
    take: function () {
      if (!next) { next = busy ? null : solve(); }
      var p = next || Promise.resolve(null);
      next = null;
      if (widget.dataset.state === 'ready') { mark('idle'); }
      return p.then(null, function () { return null; });
    },
  };
  window.OcopChallenge = api;
})();
