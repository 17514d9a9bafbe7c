// The control room: rundown, go live / next / end (buttons and keys G, N, E), live figures,
// orders per minute, stock alerts and the session log. Live figures are pushed by the /hubs/live SignalR hub
// (`snapshot` on JoinSession, then `counters` and `segmentChanged`, all fed to applySnapshot());
// GET /api/sessions/{id}/live is polled only while the hub connection is down (see Ocop.hub).
(function () {
  'use strict';
  var root = document.getElementById('control');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var sessionId = root.dataset.sessionId;
  var endsAt = new Date(root.dataset.endsAt);
  var rundown = null;       // last answer of ?handler=Rundown
  var snapshot = null;      // last live snapshot
  var history = [];         // [{ t, position, orders }] for orders per minute on air
  var busy = false;

  function message(text, isError) {
    var el = $('control-message');
    el.textContent = text || '';
    el.className = 'message' + (isError ? ' error' : '');
  }

  function mmss(ms) {
    var neg = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var t = (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(sec).padStart(2, '0');
    return (neg ? '−' : '') + t;
  }

  function currentPosition() {
    if (snapshot && snapshot.status) { return snapshot.current ? snapshot.current.position : null; }
    return rundown ? rundown.currentPosition : null;
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function overUnder(row, now) {
    if (!row.actualStart) { return ''; }
    var end = row.actualEnd ? new Date(row.actualEnd) : now;
    var d = end - new Date(row.actualStart) - row.minutes * 60000;
    if (!row.actualEnd && d < 0) { return ''; }
    return (d < 0 ? '' : '+') + mmss(d);
  }

  function stockOf(row) {
    if (snapshot && snapshot.products) {
      for (var i = 0; i < snapshot.products.length; i++) {
        if (snapshot.products[i].productId === row.productId) { return snapshot.products[i].stockLeft; }
      }
    }
    return row.stockLeft;
  }

  function stockState(left, initial) {
    if (left <= 0) { return 'sold-out'; }
    return left < 20 || left * 10 < initial ? 'low' : 'ok';
  }

  function renderRundown() {
    if (!rundown) { return; }
    var body = $('rundown-body'), now = new Date(), pos = currentPosition();
    var frag = document.createDocumentFragment();
    rundown.rows.forEach(function (r) {
      var tr = document.createElement('tr');
      var left = stockOf(r);
      tr.dataset.testid = 'rundown-row-' + r.position;
      tr.className = (r.position === pos ? 'on-air ' : '') + 'stock-' + stockState(left, r.initialStock);
      cell(tr, r.position);
      cell(tr, O.time(r.plannedStart));
      cell(tr, r.minutes + '′');
      var td = cell(tr, r.productName);
      td.appendChild(document.createElement('br'));
      var small = document.createElement('small');
      small.textContent = r.producerName + ' · ' + '★'.repeat(r.ocopStars);
      td.appendChild(small);
      cell(tr, O.money(r.priceVnd));
      cell(tr, r.actualStart ? O.timeSec(r.actualStart) : '—');
      var ou = overUnder(r, now);
      cell(tr, ou, ou.charAt(0) === '+' ? 'over' : 'under').dataset.testid = 'rundown-overunder-' + r.position;
      cell(tr, O.timeSec(r.backTime));
      cell(tr, left);
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    O.text($('control-status'), snapshot && snapshot.status ? snapshot.status : rundown.status);
    if (!snapshot) { showOnAirFromRundown(pos); }
    renderAlerts();
  }

  // Without live figures (no snapshot yet), the on-air panel still names the segment from the rundown.
  function showOnAirFromRundown(pos) {
    var row = null;
    rundown.rows.forEach(function (r) { if (r.position === pos) { row = r; } });
    O.text($('onair-product'), row ? row.productName + ' — ' + row.producerName : O.words().nothingOnAir);
    O.text($('onair-price'), row ? O.money(row.priceVnd) : '—');
    O.text($('onair-stock'), row ? O.num(row.stockLeft) : '—');
  }

  function renderAlerts() {
    var list = $('stock-alerts'), pos = currentPosition() || 0;
    var frag = document.createDocumentFragment();
    rundown.rows.forEach(function (r) {
      if (r.position < pos) { return; }
      var left = stockOf(r), state = stockState(left, r.initialStock);
      if (state === 'ok') { return; }
      var li = document.createElement('li');
      li.dataset.testid = 'stock-alert-' + r.position;
      li.className = state;
      li.textContent = '#' + r.position + ' ' + r.productName + ': ' +
        (state === 'sold-out' ? 'HẾT HÀNG (sold out)' : 'sắp hết, còn ' + left + ' (low)');
      frag.appendChild(li);
    });
    if (!frag.childNodes.length) {
      var ok = document.createElement('li'); ok.className = 'muted'; ok.textContent = 'Không có cảnh báo.'; frag.appendChild(ok);
    }
    list.replaceChildren(frag);
  }

  function refreshRundown() {
    return O.api('GET', '/control/' + sessionId + '?handler=Rundown').then(function (res) {
      if (res.ok) { rundown = res.body; endsAt = new Date(rundown.endsAt); renderRundown(); }
    });
  }

  // Called with every live snapshot: the hub's events, an answer to go-live/next/end, or the
  // fallback poll while the hub is down.
  function applySnapshot(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    var before = currentPosition();
    snapshot = s;
    var c = s.current;
    O.text($('onair-product'), c ? c.name + ' — ' + c.producerName : O.words().nothingOnAir);
    O.text($('onair-price'), c ? O.money(c.priceVnd) : '—');
    O.text($('onair-stock'), c ? O.num(c.stockLeft) : '—');
    O.text($('onair-orders'), c ? O.num(c.orders) : '0');
    O.text($('session-orders'), O.num(s.totals ? s.totals.orders : 0));
    O.text($('session-revenue'), O.money(s.totals ? s.totals.revenueVnd : 0));
    sample();
    if (before !== currentPosition() || !rundown) { refreshRundown(); } else { renderRundown(); }
    if (s.status !== lastStatus) { lastStatus = s.status; refreshLog(); }
  }

  // The session clock's log (starting soon, automatic go-live, ordering closed, reports): read at
  // each change of status and every 15 s; the page shows the newest 20, newest first.
  var lastStatus = null;
  function refreshLog() {
    return O.api('GET', '/api/sessions/' + sessionId + '/events').then(function (res) {
      if (!res.ok || !Array.isArray(res.body)) { return; }
      var list = $('session-log');
      var frag = document.createDocumentFragment();
      res.body.slice(-20).reverse().forEach(function (e) {
        var li = document.createElement('li');
        li.dataset.kind = e.kind;
        var t = document.createElement('time');
        t.dateTime = e.at; t.textContent = O.dateTime(e.at);
        li.appendChild(t);
        li.appendChild(document.createTextNode(' ' + e.message));
        frag.appendChild(li);
      });
      if (!res.body.length) {
        var empty = document.createElement('li');
        empty.className = 'empty'; empty.textContent = 'Chưa có sự kiện.';
        frag.appendChild(empty);
      }
      list.replaceChildren(frag);
    });
  }

  // Pushes come only when figures change, so the rate is sampled every second as well: a quiet
  // minute after a burst brings the orders per minute back down.
  function sample() {
    if (!snapshot) { return; }
    var c = snapshot.current, now = Date.now();
    history.push({ t: now, position: c ? c.position : null, orders: c ? c.orders : 0 });
    while (history.length && history[0].t < now - 65000) { history.shift(); }
    O.text($('onair-orders-per-minute'), O.num(ordersPerMinute()));
  }

  function ordersPerMinute() {
    var last = history[history.length - 1];
    if (!last || last.position === null) { return 0; }
    var first = null;
    for (var i = 0; i < history.length; i++) {
      if (history[i].position === last.position && history[i].t >= last.t - 60000) { first = history[i]; break; }
    }
    if (!first || first === last) { return 0; }
    var span = Math.max(last.t - first.t, 10000);
    return Math.round((last.orders - first.orders) * 60000 / span);
  }

  function startLive() {
    return O.hub({
      url: '/hubs/live',
      join: ['JoinSession', sessionId],
      on: { snapshot: applySnapshot, counters: applySnapshot, segmentChanged: applySnapshot },
      poll: { url: '/api/sessions/' + sessionId + '/live', ms: 10000, apply: applySnapshot },
      root: root,
      indicator: $('hub-state'),
    });
  }

  function tick() {
    var now = new Date();
    sample();
    O.text($('control-clock'), O.timeSec(now));
    O.text($('control-slot-remaining'), mmss(endsAt - now));
    var pos = currentPosition(), row = null;
    if (rundown && pos) { rundown.rows.forEach(function (r) { if (r.position === pos) { row = r; } }); }
    if (row && row.actualStart) {
      var elapsed = now - new Date(row.actualStart);
      O.text($('onair-elapsed'), mmss(elapsed));
      O.text($('onair-remaining'), mmss(row.minutes * 60000 - elapsed));
      var ou = $('rundown-overunder-' + pos);
      if (ou) { O.text(ou, overUnder(row, now)); }
    } else {
      O.text($('onair-elapsed'), '--:--'); O.text($('onair-remaining'), '--:--');
    }
  }

  function renderChart(buckets) {
    var svg = $('sales-chart'), W = 600, H = 160;
    var start = rundown && rundown.wentLiveAt ? new Date(rundown.wentLiveAt) : (buckets.length ? new Date(buckets[0].minute) : new Date());
    start = new Date(Math.floor(start.getTime() / 60000) * 60000);
    var end = rundown && rundown.endedAt ? new Date(rundown.endedAt) : new Date();
    var minutes = Math.max(1, Math.ceil((end - start) / 60000) + 1);
    var max = 1;
    buckets.forEach(function (b) { if (b.orders > max) { max = b.orders; } });
    var bw = W / minutes, ns = 'http://www.w3.org/2000/svg';
    var frag = document.createDocumentFragment();
    buckets.forEach(function (b) {
      var i = Math.round((new Date(b.minute) - start) / 60000);
      if (i < 0 || i >= minutes) { return; }
      var h = Math.max(1, b.orders / max * (H - 20));
      var rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', (i * bw + 0.5).toFixed(1)); rect.setAttribute('width', Math.max(1, bw - 1).toFixed(1));
      rect.setAttribute('y', (H - h).toFixed(1)); rect.setAttribute('height', h.toFixed(1));
      rect.setAttribute('class', 'bar');
      var title = document.createElementNS(ns, 'title');
      title.textContent = O.time(b.minute) + ': ' + b.orders + ' đơn, ' + O.money(b.revenueVnd);
      rect.appendChild(title);
      frag.appendChild(rect);
    });
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '4'); label.setAttribute('y', '14'); label.setAttribute('class', 'label');
    label.textContent = 'tối đa ' + max + ' đơn/phút';
    frag.appendChild(label);
    svg.replaceChildren(frag);
  }

  function refreshChart() {
    O.api('GET', '/api/sessions/' + sessionId + '/sales-per-minute').then(function (res) {
      if (res.ok) { renderChart(res.body.buckets || []); }
    });
  }

  var confirmEnd = 'Kết thúc phiên? Đơn hàng còn nhận thêm trong thời gian ân hạn.\nEnd the show?';
  var problemWords = {
    'lineup-empty': 'Kịch bản chưa có sản phẩm nào (line-up is empty).',
    'no-next-segment': 'Đã là sản phẩm cuối (no next segment) — bấm E để kết thúc.',
  };

  function act(action) {
    if (busy) { return; }
    if (action === 'end' && !window.confirm(confirmEnd)) { return; }
    busy = true;
    message('…');
    O.api('POST', '/api/sessions/' + sessionId + '/' + action).then(function (res) {
      busy = false;
      if (res.ok) {
        message({ 'go-live': 'Đã lên sóng.', next: 'Đã chuyển sản phẩm.', end: 'Đã kết thúc phiên.' }[action]);
        refreshRundown();
        if (res.body && res.body.sessionId && res.body.status) { applySnapshot(res.body); }
      } else {
        message(problemWords[res.problemType] || res.problem.title || ('Lỗi ' + res.status), true);
      }
    });
  }

  root.querySelectorAll('[data-action]').forEach(function (b) {
    b.addEventListener('click', function () { act(b.dataset.action); });
  });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    var action = { g: 'go-live', n: 'next', e: 'end' }[e.key.toLowerCase()];
    if (action) { e.preventDefault(); act(action); }
  });

  $('copy-overlay-url').addEventListener('click', function () {
    var input = $('overlay-url');
    var done = function () { message('Đã sao chép địa chỉ overlay.'); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); document.execCommand('copy'); done(); });
    } else { input.select(); document.execCommand('copy'); done(); }
  });

  var live = startLive();
  refreshRundown().then(refreshChart);
  setInterval(tick, 1000);
  setInterval(refreshChart, 10000);
  setInterval(refreshLog, 15000);
  // Money arrived by transfer (matched bank notifications): one small read every 10 s.
  function refreshPaid() {
    O.api('GET', '/api/sessions/' + sessionId + '/payments').then(function (res) {
      if (res.ok && res.body) { O.text($('session-paid-revenue'), O.money(res.body.paidRevenueVnd) + ' (' + O.num(res.body.paidOrders) + ' đơn)'); }
    });
  }
  refreshPaid();
  setInterval(refreshPaid, 10000);
  setInterval(function () { if (!snapshot) { refreshRundown(); } }, 5000);
  window.OcopControl = { applySnapshot: applySnapshot, refreshRundown: refreshRundown, hub: live };
})();
