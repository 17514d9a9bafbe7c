// The overlay's buyers ticker (/overlay/{id}?show=buyers): "Chị H*** · Hương Sơn vừa đặt 2 kg",
// from every channel's recent orders (GET /api/sessions/{id}/buyers: masked names, never a phone).
// At most one line every few seconds whatever the rate of orders; a quiet ticker fades out.
(function () {
  'use strict';
  var el = document.querySelector('[data-testid="buyers-ticker"]');
  if (!el) { return; }
  var url = '/api/sessions/' + el.dataset.sessionId + '/buyers';
  var pollMs = 3000, gapMs = 5000, showMs = 4500;
  var seen = {}, queue = [], lastShown = 0, first = true, hideTimer = null;

  function poll() {
    window.Ocop.api('GET', url).then(function (res) {
      if (res.ok && res.body) {
        // Oldest first; only the newest line of the backlog at start, so a late overlay does not replay it.
        var lines = res.body.buyers.slice().reverse();
        lines.forEach(function (b, i) {
          if (seen[b.id]) { return; }
          seen[b.id] = true;
          if (!first || i === lines.length - 1) { queue.push(b); }
        });
        if (queue.length > 5) { queue = queue.slice(-5); }
        first = false;
      }
      setTimeout(poll, pollMs);
    });
  }

  function tick() {
    var now = Date.now();
    if (queue.length && now - lastShown >= gapMs) {
      var b = queue.shift();
      el.textContent = b.text;
      el.classList.add('shown');
      lastShown = now;
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () { el.classList.remove('shown'); }, showMs);
    }
    setTimeout(tick, 500);
  }

  poll();
  tick();
  window.OcopBuyers = { queue: queue, gapMs: gapMs };
})();
