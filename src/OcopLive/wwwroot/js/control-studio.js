// The control room's studio panel: talkback to the host (ready cues and free text, and who
// acknowledged), back-timing to the hard out with a warning before the slot is lost, the
// overlay's graphics layers (fire / clear), and the switcher's state with a one-key retry (R).
// Follows /hubs/live with JoinHost (cue, cueAcked, switcher, graphics); the back-timing is read
// again at each segment change (control.js's connection) and ticks here in between.
(function () {
  'use strict';
  var root = document.getElementById('studio');
  if (!root) { return; }
  var O = window.Ocop, $ = function (id) { return O.byTestId(id, root); };
  var sessionId = root.dataset.sessionId, base = '/api/sessions/' + sessionId;
  var cues = {}, backTime = null, readAt = 0;

  function renderCues() {
    var frag = document.createDocumentFragment();
    Object.keys(cues).map(function (k) { return cues[k]; })
      .sort(function (a, b) { return new Date(b.at) - new Date(a.at); }).slice(0, 8)
      .forEach(function (c) {
        var li = document.createElement('li');
        li.dataset.testid = 'cue-' + c.id;
        li.dataset.acked = c.ackedAt ? 'true' : 'false';
        li.className = c.ackedAt ? 'acked' : 'waiting';
        li.textContent = O.timeSec(c.at) + ' ' + c.text + ' — ' +
          (c.ackedAt ? 'người dẫn đã nghe ' + O.timeSec(c.ackedAt) + ' ✓' : 'chờ người dẫn…');
        frag.appendChild(li);
      });
    $('cue-list').replaceChildren(frag);
  }

  function addCue(c) { if (c && c.sessionId === sessionId) { cues[c.id] = c; renderCues(); } }

  function send(text) {
    if (!text) { return; }
    O.api('POST', base + '/cues', { text: text }).then(function (res) {
      if (res.ok) { addCue(res.body); $('cue-text').value = ''; }
    });
  }

  root.querySelectorAll('[data-cue]').forEach(function (b) {
    b.addEventListener('click', function () { send(b.dataset.cue); });
  });
  $('cue-form').addEventListener('submit', function (e) { e.preventDefault(); send($('cue-text').value.trim()); });

  // Back-timing.
  function refreshBackTime() {
    return O.api('GET', base + '/backtime').then(function (res) {
      if (res.ok) { backTime = res.body; readAt = Date.now(); tick(); }
    });
  }

  function tick() {
    if (!backTime) { return; }
    var t = O.backTimeNow(backTime, readAt, Date.now());
    O.text($('backtime-target'), (backTime.targetIsHardOut ? 'Giờ cứng ' : 'Hết khung ') + O.timeSec(backTime.target));
    O.text($('backtime-left'), O.clock(t.targetLeft));
    O.text($('backtime-end'), O.timeSec(new Date(new Date(backTime.target).getTime() + t.overUnder)));
    O.text($('backtime-overunder'), t.overUnder > 0 ? 'lố ' + O.clock(t.overUnder) : 'dư ' + O.clock(-t.overUnder));
    $('backtime').dataset.status = t.status;
    var warn = $('backtime-warning');
    warn.hidden = t.status === 'ok';
    O.text(warn, t.status === 'over'
      ? 'Cảnh báo: với nhịp hiện tại chương trình sẽ lố ' + O.clock(t.overUnder) + ' so với giờ kết thúc — rút ngắn các phần còn lại.'
      : 'Sát giờ: chỉ còn dư ' + O.clock(-t.overUnder) + '.');
  }

  // Graphics.
  function renderGraphics(g) {
    if (!g || g.sessionId !== sessionId) { return; }
    var byLayer = {};
    g.layers.forEach(function (l) { byLayer[l.layer] = l; });
    ['lowerThird', 'lowStock', 'flashDeal', 'ticker'].forEach(function (name) {
      var l = byLayer[name], el = $('gfx-state-' + name), text;
      if (!l) { text = name === 'lowStock' ? 'tự động' : name === 'ticker' ? 'hiện' : '—'; }
      else if (!l.shown) { text = 'ẩn'; }
      else if (l.until && new Date(l.until) < new Date()) { text = 'đã hết giờ'; }
      else { text = 'đang hiện' + (l.until ? ' đến ' + O.timeSec(l.until) : ''); }
      O.text(el, text);
      el.dataset.shown = l && l.shown && !(l.until && new Date(l.until) < new Date()) ? 'true' : 'false';
    });
  }

  root.querySelectorAll('[data-gfx-fire]').forEach(function (b) {
    b.addEventListener('click', function () {
      var layer = b.dataset.gfxFire, body = {};
      if (layer === 'flashDeal') { body.seconds = Number($('gfx-flash-seconds').value) || 60; }
      else if (b.dataset.seconds) { body.seconds = Number(b.dataset.seconds); }
      O.api('POST', base + '/graphics/' + layer, body).then(function (res) { if (res.ok) { renderGraphics(res.body); } });
    });
  });
  root.querySelectorAll('[data-gfx-clear]').forEach(function (b) {
    b.addEventListener('click', function () {
      O.api('DELETE', base + '/graphics/' + b.dataset.gfxClear).then(function (res) { if (res.ok) { renderGraphics(res.body); } });
    });
  });

  // Switcher.
  function renderSwitcher(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    var state = $('switcher-state');
    state.dataset.state = s.connected ? 'connected' : s.lastError ? 'error' : 'idle';
    O.text(state, s.connected ? 'Đã kết nối' : s.lastError ? 'Không kết nối được' : 'Chưa có lệnh nào');
    O.text($('switcher-last-action'), s.lastAction ? s.lastAction + ' (' + O.timeSec(s.lastActionAt) + ')' : '—');
    O.text($('switcher-last-error'), s.lastError ? s.lastError + ' (' + O.timeSec(s.lastErrorAt) + ')' : '—');
    $('switcher-retry').disabled = !(s.failed && s.failed.length);
    $('switcher-retry').title = s.failed && s.failed.length ? 'Phím R: ' + s.failed.join(', ') : 'Phím R';
  }

  function retry() {
    if ($('switcher-retry').disabled) { return; }
    O.api('POST', base + '/switcher/retry').then(function (res) { if (res.ok) { renderSwitcher(res.body); } });
  }

  $('switcher-retry').addEventListener('click', retry);
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    if (e.key === 'r' || e.key === 'R') { e.preventDefault(); retry(); }
  });

  function loadSwitcher() {
    O.api('GET', base + '/switcher').then(function (res) {
      if (!res.ok) { return; }
      var f = $('switcher-form'), v = res.body;
      f.kind.value = v.kind; f.address.value = v.address; f.textSource.value = v.textSource || '';
      f.defaultScene.value = v.defaultScene || ''; f.endScene.value = v.endScene || '';
      f.password.placeholder = v.passwordSet ? 'đã đặt — để trống: giữ nguyên' : 'không có';
      f.scenes.value = Object.keys(v.scenes || {}).map(function (k) { return k + '=' + v.scenes[k]; }).join('\n');
      renderSwitcher(v.status);
    });
  }

  $('switcher-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target, scenes = {};
    f.scenes.value.split('\n').forEach(function (line) {
      var i = line.indexOf('=');
      if (i > 0) { scenes[line.slice(0, i).trim()] = line.slice(i + 1).trim(); }
    });
    var body = { kind: f.kind.value, address: f.address.value.trim(), textSource: f.textSource.value.trim() || null,
      defaultScene: f.defaultScene.value.trim() || null, endScene: f.endScene.value.trim() || null, scenes: scenes };
    if (f.password.value) { body.password = f.password.value; }
    O.api('PUT', base + '/switcher', body).then(function (res) {
      O.text($('switcher-message'), res.ok ? 'Đã lưu.' : (res.problem && res.problem.title) || ('Lỗi ' + res.status));
      if (res.ok) { f.password.value = ''; loadSwitcher(); }
    });
  });

  var live = O.hub({
    url: '/hubs/live',
    join: ['JoinHost', sessionId],
    on: { cue: addCue, cueAcked: addCue, switcher: renderSwitcher, graphics: renderGraphics },
    joined: function () {
      O.api('GET', base + '/cues').then(function (res) { if (res.ok) { res.body.forEach(function (c) { cues[c.id] = c; }); renderCues(); } });
    },
  });
  // Segment changes arrive on the control room's own connection (JoinSession).
  var control = window.OcopControl;
  if (control && control.hub && control.hub.connection) {
    control.hub.connection.on('segmentChanged', function () { refreshBackTime(); });
  }

  O.api('GET', base + '/graphics').then(function (res) { if (res.ok) { renderGraphics(res.body); } });
  loadSwitcher();
  refreshBackTime();
  setInterval(tick, 1000);
  setInterval(refreshBackTime, 30000);
  window.OcopStudio = { hub: live, send: send, refreshBackTime: refreshBackTime };
})();
