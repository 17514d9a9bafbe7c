// The overlay's graphics layers: the lower third (producer, commune, OCOP stars; fired at each
// segment start for a set time), "SẮP HẾT HÀNG" (by itself when the product on air runs low, or
// fired), the flash-deal countdown and the buyers ticker's on/off. State from the page, then the
// hub's `graphics` events on overlay.js's connection; after a reconnect it is read again.
(function () {
  'use strict';
  var stage = document.querySelector('[data-overlay]');
  var overlay = window.OcopOverlay;
  if (!stage || !overlay) { return; }
  var O = window.Ocop, sessionId = stage.dataset.sessionId;
  function $(id) { return O.byTestId(id, stage); }
  var state = JSON.parse(document.getElementById('overlay-graphics').textContent);
  var snapshot = null;

  function layer(name) {
    for (var i = 0; i < state.layers.length; i++) { if (state.layers[i].layer === name) { return state.layers[i]; } }
    return null;
  }

  function live(l, now) { return !!l && l.shown && (!l.until || new Date(l.until).getTime() > now); }

  function show(el, on) { if (el && el.hidden === on) { el.hidden = !on; } }

  function render() {
    var now = Date.now(), lt = layer('lowerThird'), low = layer('lowStock'), fd = layer('flashDeal'), ticker = layer('ticker');
    var lowerThird = $('lower-third');
    if (lowerThird) {
      var on = live(lt, now);
      if (on) {
        O.text($('lower-third-title'), lt.title || '');
        O.text($('lower-third-detail'), lt.detail || '');
        O.text($('lower-third-stars'), lt.stars ? '★'.repeat(lt.stars) : '');
      }
      show(lowerThird, on);
    }

    var c = snapshot && snapshot.current;
    var autoLow = !!c && c.stockLeft > 0 && c.stockLeft <= state.lowStockUnits;
    show($('low-stock-banner'), low ? live(low, now) : autoLow);

    var flash = $('flash-deal');
    if (flash) {
      var fdOn = live(fd, now) && !!fd.until;
      if (fdOn) {
        O.text($('flash-deal-title'), fd.title || 'GIÁ SỐC');
        O.text($('flash-deal-countdown'), O.clock(new Date(fd.until).getTime() - now));
      }
      show(flash, fdOn);
    }

    var buyers = $('buyers-ticker');
    if (buyers) { buyers.classList.toggle('cleared', !!ticker && !ticker.shown); }
  }

  function onGraphics(g) { if (g && g.sessionId === sessionId) { state = g; render(); } }
  function onFigures(s) { if (s && s.sessionId === sessionId) { snapshot = s; render(); } }

  var connection = overlay.hub && overlay.hub.connection;
  if (connection) {
    connection.on('graphics', onGraphics);
    ['snapshot', 'counters', 'segmentChanged'].forEach(function (name) { connection.on(name, onFigures); });
    connection.onreconnected(function () {
      O.api('GET', '/api/sessions/' + sessionId + '/graphics').then(function (res) { if (res.ok) { onGraphics(res.body); } });
    });
  }

  render();
  setInterval(render, 250);
  window.OcopGraphics = { render: render, state: function () { return state; } };
})();
