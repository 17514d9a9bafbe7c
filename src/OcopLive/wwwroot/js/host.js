// The host's screen: the product on air and its talking points, stock, orders and their pulse,
// time left in the segment and to the hard out, the next product and the director's cues.
// Follows /hubs/live: JoinSession (snapshot, counters, segmentChanged) and, once joined, JoinHost
// (cue, cueAcked). The line-up and its back-timing are read again only at a segment change (or
// after a reconnect); between them the clocks tick here from the server's numbers.
(function () {
  'use strict';
  var root = document.getElementById('host');
  if (!root) { return; }
  var O = window.Ocop, $ = function (id) { return O.byTestId(id, root); };
  var sessionId = root.dataset.sessionId;
  var data = JSON.parse(document.getElementById('host-data').textContent);
  var screen = data.screen, snapshot = data.snapshot, fetchedAt = Date.now();
  var cues = {}, history = [], live = null;

  var mmss = O.clock;

  function segmentAt(position) {
    for (var i = 0; i < screen.segments.length; i++) { if (screen.segments[i].position === position) { return screen.segments[i]; } }
    return null;
  }

  function currentPosition() {
    if (snapshot && snapshot.status) { return snapshot.current ? snapshot.current.position : null; }
    return screen.currentPosition;
  }

  function renderSegment() {
    var pos = currentPosition(), c = segmentAt(pos), next = null;
    screen.segments.forEach(function (s) { if (!next && s.position > (pos || 0)) { next = s; } });
    O.text($('host-product-name'), c ? c.name : (screen.status === 'Draft' ? 'Chưa lên sóng' : 'Đã hết chương trình'));
    O.text($('host-producer'), c ? c.producerName : '');
    O.text($('host-place'), c ? c.commune + ', ' + c.province : '');
    O.text($('host-stars'), c ? '★'.repeat(c.ocopStars) : '');
    O.text($('host-certificate'), c && c.certificateNo ? 'OCOP ' + c.ocopStars + ' sao · GCN ' + c.certificateNo : '');
    O.text($('host-price'), c ? O.money(c.priceVnd) : '—');
    O.text($('host-list-price'), c && c.listPriceVnd !== c.priceVnd ? O.money(c.listPriceVnd) : '');
    O.text($('host-unit'), c ? '/ ' + c.unit : '');
    O.text($('host-story'), c && c.story ? c.story : '');
    var list = $('host-highlights'), frag = document.createDocumentFragment();
    (c ? c.highlights : []).forEach(function (h) { var li = document.createElement('li'); li.textContent = h; frag.appendChild(li); });
    list.replaceChildren(frag);
    O.text($('host-usage'), c && c.usage ? c.usage : '');
    O.text($('host-next'), next ? next.name : '— (phần cuối)');
    O.text($('host-next-detail'), next ? O.money(next.priceVnd) + ' · ' + next.minutes + ' phút' : '');
    O.text($('host-target-label'), screen.hardOutAt ? 'HẾT GIỜ CỨNG' : 'HẾT KHUNG GIỜ');
  }

  function renderFigures() {
    var c = snapshot && snapshot.current;
    var low = !!c && c.stockLeft > 0 && c.stockLeft <= screen.lowStockUnits;
    O.text($('host-stock'), !c ? '—' : c.stockLeft > 0 ? O.num(c.stockLeft) : 'HẾT HÀNG');
    $('host-stock-low').hidden = !low;
    $('host-stock-box').classList.toggle('low', low);
    $('host-stock-box').classList.toggle('sold-out', !!c && c.stockLeft <= 0);
    var orders = $('host-segment-orders'), shown = O.num(c ? c.orders : 0);
    if (orders.textContent !== shown) {
      orders.textContent = shown;
      orders.classList.remove('bump'); void orders.offsetWidth; orders.classList.add('bump');
    }
  }

  // Orders per minute for the product on air, from the figures seen over the last minute.
  function sample() {
    var c = snapshot && snapshot.current, now = Date.now();
    history.push({ t: now, position: c ? c.position : null, orders: c ? c.orders : 0 });
    while (history.length && history[0].t < now - 65000) { history.shift(); }
    var last = history[history.length - 1], first = null;
    for (var i = 0; i < history.length; i++) {
      if (history[i].position === last.position && history[i].t >= last.t - 60000) { first = history[i]; break; }
    }
    var rate = !first || first === last || last.position === null ? 0
      : Math.round((last.orders - first.orders) * 60000 / Math.max(last.t - first.t, 10000));
    O.text($('host-pulse'), O.num(rate));
  }

  // The server back-timed the line-up when it was read; here the clocks run on from it. Once the
  // segment on air passes its planned length, every second it runs over moves the end a second later.
  function tick() {
    var now = Date.now();
    O.text($('host-clock'), O.timeSec(new Date(now)));
    var t = O.backTimeNow(screen.backTime, fetchedAt, now);
    var onAir = screen.status === 'Live' && t.segmentLeft !== null;
    O.text($('host-segment-left'), onAir ? mmss(t.segmentLeft) : '--:--');
    $('host-segment-left').classList.toggle('over', onAir && t.segmentLeft < 0);
    O.text($('host-hardout-left'), mmss(t.targetLeft));
    var ou = $('host-overunder');
    O.text(ou, t.overUnder > 0 ? 'LỐ ' + mmss(t.overUnder) + ' — cần rút ngắn' : 'dư ' + mmss(-t.overUnder));
    ou.className = 'small ' + t.status;
    sample();
  }

  function renderCues() {
    var list = $('host-cues'), frag = document.createDocumentFragment();
    var all = Object.keys(cues).map(function (k) { return cues[k]; })
      .sort(function (a, b) { return new Date(b.at) - new Date(a.at); }).slice(0, 6);
    all.forEach(function (c) {
      var li = document.createElement('li');
      li.dataset.testid = 'host-cue-' + c.id;
      li.className = c.ackedAt ? 'acked' : 'new';
      var t = document.createElement('time'); t.textContent = O.time(c.at);
      var text = document.createElement('span'); text.className = 'text'; text.textContent = c.text;
      li.appendChild(t); li.appendChild(text);
      if (!c.ackedAt) {
        var b = document.createElement('button');
        b.type = 'button'; b.textContent = 'ĐÃ NGHE'; b.dataset.testid = 'host-cue-ack-' + c.id;
        b.addEventListener('click', function () { ack(c.id); });
        li.appendChild(b);
      } else {
        var ok = document.createElement('span'); ok.className = 'ok'; ok.textContent = '✓'; li.appendChild(ok);
      }
      frag.appendChild(li);
    });
    list.replaceChildren(frag);
  }

  function addCue(c) { cues[c.id] = c; renderCues(); }

  function ack(id) {
    O.api('POST', '/api/cues/' + id + '/ack').then(function (res) { if (res.ok) { addCue(res.body); } });
  }

  function refresh() {
    return O.api('GET', '/api/sessions/' + sessionId + '/host').then(function (res) {
      if (!res.ok) { return; }
      screen = res.body; fetchedAt = Date.now();
      screen.cues.forEach(function (c) { cues[c.id] = c; });
      renderSegment(); renderCues(); tick();
    });
  }

  function apply(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    var before = currentPosition(), statusBefore = snapshot && snapshot.status;
    snapshot = s;
    renderFigures();
    if (before !== currentPosition() || statusBefore !== s.status) { screen.currentPosition = currentPosition(); refresh(); }
  }

  screen.cues.forEach(function (c) { cues[c.id] = c; });
  renderSegment(); renderFigures(); renderCues(); tick();
  live = O.hub({
    url: '/hubs/live',
    join: ['JoinSession', sessionId],
    on: {
      snapshot: apply, counters: apply,
      segmentChanged: function (s) { apply(s); refresh(); },
      cue: function (c) { if (c.sessionId === sessionId) { addCue(c); root.classList.remove('cue-flash'); void root.offsetWidth; root.classList.add('cue-flash'); } },
      cueAcked: function (c) { if (c.sessionId === sessionId) { addCue(c); } },
    },
    poll: { url: '/api/sessions/' + sessionId + '/live', ms: 10000, apply: apply },
    joined: function () {
      live.connection.invoke('JoinHost', sessionId).then(function (list) {
        (list || []).forEach(function (c) { cues[c.id] = c; });
        renderCues();
        if (live.joins > 1) { refresh(); }
      });
    },
    root: root,
    indicator: $('hub-state'),
  });
  setInterval(tick, 1000);
  window.OcopHost = { hub: live, apply: apply, refresh: refresh };
})();
