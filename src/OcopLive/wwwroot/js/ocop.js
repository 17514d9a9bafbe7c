// Shared helpers for OcopLive's pages: vi-VN money and Vietnam times (the one place the scripts
// format them), the server's on-air words (Ocop.words, Ocop.offAir, Ocop.takesOrders), JSON API calls with the
// login cookie (SameSite=Strict, so no other site can make these calls with it), problem details,
// and Ocop.hub(): following a SignalR hub with a slow poll only while the connection is down.
(function () {
  'use strict';
  var money = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });
  var hm = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  var hms = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  var full = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });

  function toDate(v) { return v instanceof Date ? v : new Date(v); }

  // crypto.randomUUID exists only in secure contexts (https, localhost); a phone on plain http
  // still has getRandomValues, so build a version 4 UUID from it.
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // fetch() with the page's cookie; resolves to { ok, status, body, problem, problemType }.
  // An unsafe call always carries a JSON body ({} when there is nothing to send) and
  // X-Requested-With: the server refuses a cookie-authenticated POST without them (CSRF guard);
  // the browser adds the page's Origin itself.
  function api(method, url, body, headers) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    var unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe) { init.headers['X-Requested-With'] = 'OcopLive'; if (body === undefined) { body = {}; } }
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    if (headers) { for (var k in headers) { init.headers[k] = headers[k]; } }
    return fetch(url, init).then(function (r) {
      var ct = r.headers.get('Content-Type') || '';
      var parse = ct.indexOf('json') >= 0 ? r.json().catch(function () { return null; }) : Promise.resolve(null);
      return parse.then(function (json) {
        var problem = r.ok ? null : (json || { title: 'HTTP ' + r.status, status: r.status });
        var type = problem && problem.type ? String(problem.type).split('/').pop() : null;
        return { ok: r.ok, status: r.status, body: r.ok ? json : null, problem: problem, problemType: type, response: r };
      });
    }, function () {
      return { ok: false, status: 0, body: null, problem: { title: 'Mất kết nối mạng (network error)' }, problemType: 'network' };
    });
  }

  // An image that needs a header (e.g. the buyer's watch token, never put in a URL): fetched by
  // script, shown as a blob: URL (the content policy allows blob: images); the previous blob is freed.
  function image(img, url, headers) {
    return fetch(url, { credentials: 'same-origin', headers: headers || {} }).then(function (r) {
      return r.ok ? r.blob() : null;
    }).then(function (blob) {
      if (!blob) { return false; }
      if (img.dataset.blobUrl) { URL.revokeObjectURL(img.dataset.blobUrl); }
      var u = URL.createObjectURL(blob);
      img.dataset.blobUrl = u;
      img.src = u;
      return true;
    }, function () { return false; });
  }

  // Words of the connection indicator on staff pages (data-state carries the state itself).
  var hubWords = {
    connecting: 'Đang kết nối…',
    live: 'Trực tiếp',
    reconnecting: 'Mất kết nối, đang nối lại…',
    offline: 'Cập nhật định kỳ',
  };

  // Retries within a second, then after 1, 2, 4, 8 s and every 10 s, each with up to 1 s of
  // jitter so a crowd of phones that lost the server together does not come back together.
  function backoff(attempt) {
    return (attempt === 0 ? 0 : Math.min(1000 * Math.pow(2, attempt - 1), 10000)) + Math.floor(Math.random() * 1000);
  }

  // Follows a SignalR hub: joins once connected and again after every reconnect (the server
  // answers a join with fresh figures), reconnects forever, and only while the connection is not
  // live polls the JSON API slowly so the page does not freeze. Never shows an error: the page
  // keeps its last figures, and staff pages show the state in a small indicator.
  //   o.url        the hub, e.g. '/hubs/live'
  //   o.join       [method, argument], e.g. ['JoinSession', sessionId]
  //   o.on         { event: handler }, e.g. { snapshot: apply, counters: apply }
  //   o.token      true: authenticate with a short-lived hub token (POST /api/auth/hub-token,
  //                asked again at every connect and reconnect through accessTokenFactory)
  //   o.poll       { url, ms, apply }: the fallback while the hub is down (ms defaults to 10 s)
  //   o.joined     optional, called after every successful join
  //   o.refused    optional, called with a failed join's error; returning true ends the connection
  //                for good (no reconnect, no fallback poll): the page takes over
  //   o.root       element that gets data-hub-state (connecting, live, reconnecting, offline)
  //   o.indicator  optional element that shows the state in words
  // Returns { connection, state, joins }.
  function hub(o) {
    var fallback = o.poll || null, pollMs = (fallback && fallback.ms) || 10000;
    var polling = false, pollRun = 0, pollTimer = null, token = null, tokenRefused = false, ended = false;
    var self = { connection: null, state: null, joins: 0 };

    function setState(state) {
      if (ended) { return; }
      self.state = state;
      if (o.root) { o.root.dataset.hubState = state; }
      showState();
      if (state === 'live') { stopPolling(); } else { startPolling(); }
    }

    function showState() {
      var state = self.state;
      if (!o.indicator) { return; }
      o.indicator.dataset.state = state;
      text(o.indicator, state !== 'live' && tokenRefused ? 'Hết phiên đăng nhập, hãy đăng nhập lại' : hubWords[state]);
      o.indicator.title = state === 'live' ? 'Số liệu được đẩy trực tiếp (SignalR)' : 'Số liệu cập nhật mỗi ' + Math.round(pollMs / 1000) + ' giây cho đến khi nối lại';
    }

    function startPolling() {
      if (!fallback || polling) { return; }
      polling = true;
      var run = ++pollRun;
      var tick = function () {
        api('GET', fallback.url).then(function (res) {
          if (!polling || run !== pollRun) { return; }
          if (res.ok && res.body) { fallback.apply(res.body); } // not JSON: a login page after the login ended
          pollTimer = setTimeout(tick, pollMs + Math.floor(Math.random() * 1000));
        });
      };
      pollTimer = setTimeout(tick, Math.min(3000, pollMs));
    }

    function stopPolling() {
      polling = false;
      clearTimeout(pollTimer);
    }

    if (!window.signalR) { setState('offline'); return self; }

    // Asked at every connect and reconnect; a token is reused for half its life, so a reconnect
    // storm does not become a storm of token requests, and it is never presented near its end.
    function hubToken() {
      if (token && performance.now() < token.reuseUntil) { return Promise.resolve(token.value); }
      return api('POST', '/api/auth/hub-token').then(function (res) {
        tokenRefused = res.status === 401;
        showState();
        if (!res.ok) { throw new Error('hub token: HTTP ' + res.status); }
        token = { value: res.body.accessToken, reuseUntil: performance.now() + res.body.expiresIn * 500 };
        return token.value;
      });
    }

    var connection = new signalR.HubConnectionBuilder()
      .withUrl(o.url, o.token ? { accessTokenFactory: hubToken } : {})
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return backoff(ctx.previousRetryCount); } })
      .configureLogging(signalR.LogLevel.None)
      .build();
    self.connection = connection;
    Object.keys(o.on || {}).forEach(function (name) { connection.on(name, o.on[name]); });

    function join(attempt) {
      if (!o.join) { setState('live'); return; }
      connection.invoke(o.join[0], o.join[1]).then(function () {
        self.joins++;
        setState('live');
        if (o.joined) { o.joined(); }
      }, function (err) {
        if (o.refused && o.refused(err)) {
          ended = true;
          stopPolling();
          connection.stop();
          return;
        }
        // A hiccup (or a refusal): ask again while this connection lasts; a new one joins anyway.
        setTimeout(function () {
          if (connection.state === signalR.HubConnectionState.Connected) { join(attempt + 1); }
        }, backoff(attempt + 1) + 1000);
      });
    }

    function start(attempt) {
      setState(attempt === 0 ? 'connecting' : 'reconnecting');
      connection.start().then(function () { join(0); }, function () {
        setTimeout(function () { start(attempt + 1); }, backoff(attempt + 1));
      });
    }

    connection.onreconnecting(function () { setState('reconnecting'); });
    connection.onreconnected(function () { join(0); });
    // Automatic reconnect never gives up, but a connection closed without it (a server that
    // refused the reconnect, say) starts over here: the page follows the hub forever.
    connection.onclose(function () { if (!ended) { start(1); } });
    start(0);
    return self;
  }

  // The words and the order rule of OnAirWords, rendered into the page by _OnAirWords.cshtml.
  var words = null;
  function wordsOf() {
    if (!words) {
      var el = document.getElementById('ocop-words');
      words = el ? JSON.parse(el.textContent) : { offAir: {}, noOrders: {}, takingOrders: [] };
    }
    return words;
  }

  // A TimeSpan as the API writes it ("-01:02:03.5", "1.02:03:04") → milliseconds (null stays null).
  function span(t) {
    if (t === null || t === undefined) { return null; }
    var neg = t.charAt(0) === '-', s = neg ? t.slice(1) : t, days = 0, dot = s.indexOf('.');
    if (dot >= 0 && dot < s.indexOf(':')) { days = Number(s.slice(0, dot)); s = s.slice(dot + 1); }
    var p = s.split(':'), ms = ((days * 24 + Number(p[0])) * 60 + Number(p[1])) * 60000 + Math.round(Number(p[2]) * 1000);
    return neg ? -ms : ms;
  }

  // Milliseconds as a countdown: "4:05", "1:02:03", "−0:30".
  function clock(ms) {
    var neg = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (neg ? '−' : '') + (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(sec).padStart(2, '0');
  }

  // The server's back-timing (GET …/backtime, or the host screen's backTime), read at readAt
  // (Date.now()), carried on to now: the clocks run down, and once the segment on air passes its
  // planned length every second it runs over moves the expected end a second later.
  // → { segmentLeft (ms or null), targetLeft, overUnder (ms; > 0: past the target), status }
  function backTimeNow(bt, readAt, now) {
    var since = now - readAt, left = span(bt.segmentLeft);
    var overrun = left === null ? 0 : Math.max(0, since - Math.max(0, left));
    var over = span(bt.overUnder) + overrun;
    return {
      segmentLeft: left === null ? null : left - since,
      targetLeft: new Date(bt.target) - now,
      overUnder: over,
      status: over > 0 ? 'over' : over > -60000 ? 'tight' : 'ok',
    };
  }

  function text(el, value) { if (el && el.textContent !== String(value)) { el.textContent = value; } }
  function byTestId(id, root) { return (root || document).querySelector('[data-testid="' + id + '"]'); }

  window.Ocop = {
    money: function (v) { return money.format(v || 0); },
    time: function (v) { return v ? hm.format(toDate(v)) : '—'; },
    timeSec: function (v) { return v ? hms.format(toDate(v)) : '—'; },
    dateTime: function (v) { return v ? full.format(toDate(v)) : '—'; },
    num: function (v) { return new Intl.NumberFormat('vi-VN').format(v || 0); },
    uuid: uuid, api: api, image: image, hub: hub, text: text, byTestId: byTestId, span: span, clock: clock, backTimeNow: backTimeNow,
    words: wordsOf,
    offAir: function (status) { return wordsOf().offAir[status] || ''; },
    takesOrders: function (status) { return wordsOf().takingOrders.indexOf(status) >= 0; },
  };
})();
