// The control room's list of viewers' questions ("giá bao nhiêu?", "còn hàng không?"): the comments
// the parser read as questions, pushed by /hubs/desk, newest on top, for the director to pass to the host.
(function () {
  'use strict';
  var root = document.getElementById('control-questions');
  if (!root) { return; }
  var O = window.Ocop;
  var sessionId = root.dataset.sessionId;
  var list = O.byTestId('control-questions', root);
  var seen = {};
  var max = 30;

  function add(c) {
    if (!c || c.sessionId !== sessionId || c.kind !== 'Question' || seen[c.id]) { return; }
    seen[c.id] = true;
    var li = document.createElement('li');
    li.dataset.testid = 'control-question';
    li.textContent = O.time(c.at) + ' · ' + c.author + ': ' + c.text;
    list.insertBefore(li, list.firstChild);
    while (list.children.length > max) { list.removeChild(list.lastChild); }
  }

  function load() {
    return O.api('GET', '/api/sessions/' + sessionId + '/comments?limit=500').then(function (res) {
      if (res.ok && res.body) { res.body.forEach(add); }
    });
  }

  O.hub({ url: '/hubs/desk', token: true, join: ['JoinDesk', sessionId], on: { comment: add }, joined: load,
    poll: { url: '/api/sessions/' + sessionId + '/comments?limit=500', ms: 10000, apply: function (l) { l.forEach(add); } } });
})();
