// The commune picker of the order pages (viewer, hotline desk, comment desk): the buyer types a
// few letters of the commune in any case, with or without accents ("thanh sen") and picks
// "Phường Thành Sen" from a list. The whole two-level map (34 provinces, 3,321 communes) comes in
// one compact answer (GET /api/addresses/map, ~100 KB, ~25 KB gzipped, cached by the browser a day)
// fetched once after the page loads; from then on the list filters in the phone, without network.
// "Địa chỉ cũ?" turns an address from before 1 July 2025 (old province, district, commune) into the
// new commune with GET /api/addresses/convert; when the old commune was split the buyer chooses.
//
//   Ocop.communePicker({ province, commune, prefix })
//     province  the province <select> or <input> (its value: an official name, a short name or a code)
//     commune   the commune <input>; after a pick it carries data-code and data-code-for (the name
//               picked): Ocop.communeCode(input) gives the code while the text is still that name
//     prefix    data-testid prefix ('viewer', 'hotline', 'desk')
(function () {
  'use strict';
  var O = window.Ocop;
  var map = null;
  var prefixes = ['thanh pho ', 'tinh ', 'thi tran ', 'dac khu ', 'phuong ', 'xa '];
  var LIMIT = 8;

  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
      .toLowerCase().replace(/\s+/g, ' ').trim();
  }

  function bare(key) {
    for (var i = 0; i < prefixes.length; i++) {
      if (key.indexOf(prefixes[i]) === 0 && key.length > prefixes[i].length) { return key.slice(prefixes[i].length); }
    }
    return key;
  }

  // One fetch for every picker of the page; a failed fetch is tried again at the next keystroke.
  function load() {
    if (map) { return map; }
    map = O.api('GET', '/api/addresses/map').then(function (res) {
      if (!res.ok) { map = null; return null; }
      var provinces = {}, byKey = {};
      res.body.provinces.forEach(function (p) {
        provinces[p.code] = p;
        var k = fold(p.name);
        byKey[k] = p; byKey[bare(k)] = p; byKey[p.code] = p;
      });
      var aliases = { 'tphcm': '79', 'tp hcm': '79', 'hcm': '79', 'sai gon': '79', 'tp ho chi minh': '79', 'tp. ho chi minh': '79', 'thua thien hue': '46' };
      Object.keys(aliases).forEach(function (a) { byKey[a] = provinces[aliases[a]]; });
      var communes = res.body.communes.map(function (c) {
        var key = fold(c[1]);
        return { code: c[0], name: c[1], province: c[2], key: key, bareAt: key.length - bare(key).length };
      });
      communes.sort(function (a, b) { return a.key.slice(a.bareAt) < b.key.slice(b.bareAt) ? -1 : 1; });
      return { provinces: provinces, byKey: byKey, communes: communes };
    });
    return map;
  }

  function provinceOf(m, value) {
    var k = fold(value);
    return k ? (m.byKey[k] || m.byKey[bare(k)] || null) : null;
  }

  // Names starting with what was typed first, then a word starting with it, then anywhere inside.
  function search(m, query, provinceCode) {
    var q = bare(fold(query));
    if (!q) { return []; }
    var starts = [], words = [], inside = [];
    for (var i = 0; i < m.communes.length && starts.length < LIMIT; i++) {
      var c = m.communes[i];
      if (provinceCode && c.province !== provinceCode) { continue; }
      var at = c.key.indexOf(q);
      if (at < 0) { continue; }
      if (at === c.bareAt) { starts.push(c); } else if (at === 0 || c.key.charAt(at - 1) === ' ') { words.push(c); } else { inside.push(c); }
    }
    return starts.concat(words, inside).slice(0, LIMIT);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  function setProvince(input, p) {
    if (input.tagName === 'SELECT') {
      var found = Array.prototype.find.call(input.options, function (o) { return o.value === p.name || o.text === p.name; });
      if (found) { input.value = found.value; }
    } else {
      input.value = p.name;
    }
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function communePicker(o) {
    var province = o.province, commune = o.commune, prefix = o.prefix;
    var listId = prefix + '-commune-options';
    var list = el('ul', { id: listId, role: 'listbox', class: 'commune-options', 'data-testid': listId });
    list.hidden = true;
    commune.setAttribute('role', 'combobox');
    commune.setAttribute('aria-autocomplete', 'list');
    commune.setAttribute('aria-controls', listId);
    commune.setAttribute('aria-expanded', 'false');
    commune.setAttribute('autocomplete', 'off');
    commune.insertAdjacentElement('afterend', list);
    var shown = [], active = -1;

    function close() { list.hidden = true; commune.setAttribute('aria-expanded', 'false'); active = -1; }

    function pick(c) {
      var m = map && map.__value;
      commune.value = c.name;
      commune.dataset.code = c.code;
      commune.dataset.codeFor = c.name;
      var p = m && m.provinces[c.province];
      var current = m && provinceOf(m, province.value);
      if (p && (!current || current.code !== p.code)) { setProvince(province, p); }
      close();
      commune.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function render() {
      list.textContent = '';
      shown.forEach(function (c, i) {
        var m = map.__value;
        var label = c.name + (provinceOf(m, province.value) ? '' : ' — ' + m.provinces[c.province].name);
        var li = el('li', { role: 'option', 'data-testid': prefix + '-commune-option', 'data-code': c.code, 'aria-selected': i === active ? 'true' : 'false' }, label);
        // mousedown, not click: it comes before the input's blur closes the list.
        li.addEventListener('mousedown', function (e) { e.preventDefault(); pick(c); });
        list.appendChild(li);
      });
      if (shown.length === 0 && commune.value.trim()) {
        list.appendChild(el('li', { class: 'none', 'data-testid': prefix + '-commune-none' }, 'Không thấy xã/phường này — thử "Địa chỉ cũ?" bên dưới.'));
      }
      list.hidden = !commune.value.trim();
      commune.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
    }

    function update() {
      if (commune.dataset.codeFor !== commune.value.trim()) { delete commune.dataset.code; delete commune.dataset.codeFor; }
      load().then(function (m) {
        if (!m) { return; }
        map.__value = m;
        if (document.activeElement !== commune) { return; }
        var p = provinceOf(m, province.value);
        shown = search(m, commune.value, p && p.code);
        active = shown.length ? 0 : -1;
        render();
      });
    }

    commune.addEventListener('input', function (e) { if (e.isTrusted !== false) { update(); } });
    commune.addEventListener('focus', function () { if (commune.value.trim() && !commune.dataset.code) { update(); } });
    commune.addEventListener('blur', function () { setTimeout(close, 150); });
    commune.addEventListener('keydown', function (e) {
      if (list.hidden || shown.length === 0) { return; }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
        render();
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        e.stopPropagation();
        pick(shown[active]);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    });
    province.addEventListener('change', function () {
      var m = map && map.__value, p = m && provinceOf(m, province.value), code = commune.dataset.code;
      if (code && p && m && !m.communes.some(function (c) { return c.code === code && c.province === p.code; })) {
        delete commune.dataset.code; delete commune.dataset.codeFor;
      }
    });

    oldAddress(o, pick);
    // Fetched while the buyer reads the page, so the list is there before the first keystroke.
    (window.requestIdleCallback || function (f) { setTimeout(f, 300); })(function () { load(); });
  }

  // "Địa chỉ cũ?": the old province, district and commune → the new commune(s).
  function oldAddress(o, pick) {
    var prefix = o.prefix;
    var toggle = el('button', { type: 'button', class: 'link old-toggle', 'data-testid': prefix + '-old-toggle', 'aria-expanded': 'false' }, 'Địa chỉ cũ? (trước 1/7/2025)');
    var panel = el('div', { class: 'old-address', 'data-testid': prefix + '-old-panel' });
    panel.hidden = true;
    var fields = [
      ['province', 'Tỉnh/thành phố cũ', 'VD: Quảng Bình'],
      ['district', 'Quận/huyện/thị xã cũ', 'VD: Thành phố Đồng Hới'],
      ['commune', 'Xã/phường/thị trấn cũ', 'VD: Phường Hải Thành'],
    ];
    var inputs = {};
    fields.forEach(function (f) {
      var id = prefix + '-old-' + f[0];
      panel.appendChild(el('label', { for: id }, f[1]));
      inputs[f[0]] = el('input', { id: id, 'data-testid': id, placeholder: f[2], maxlength: '100', autocomplete: 'off' });
      panel.appendChild(inputs[f[0]]);
    });
    var find = el('button', { type: 'button', class: 'secondary', 'data-testid': prefix + '-old-find' }, 'Tìm xã/phường mới');
    var result = el('div', { 'data-testid': prefix + '-old-result', 'aria-live': 'polite' });
    panel.appendChild(find);
    panel.appendChild(result);
    var anchor = o.commune.parentNode.querySelector('[data-error-for="address.commune"]') || o.commune.nextElementSibling;
    anchor.insertAdjacentElement('afterend', panel);
    panel.insertAdjacentElement('beforebegin', toggle);

    toggle.addEventListener('click', function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', panel.hidden ? 'false' : 'true');
      if (!panel.hidden) { inputs.province.focus(); }
    });
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); find.click(); }
    });
    find.addEventListener('click', function () {
      var q = ['province', 'district', 'commune'].map(function (k) { return k + '=' + encodeURIComponent(inputs[k].value.trim()); }).join('&');
      result.textContent = 'Đang tìm…';
      O.api('GET', '/api/addresses/convert?' + q).then(function (res) {
        result.textContent = '';
        if (!res.ok) {
          result.appendChild(el('p', { class: 'error' }, res.status === 404
            ? 'Không tìm thấy địa chỉ cũ này. Kiểm tra lại tên tỉnh, huyện và xã.'
            : res.status === 0 ? 'Cần mạng để đổi địa chỉ cũ. Bạn vẫn có thể chọn xã/phường mới ở trên.'
            : 'Cần ít nhất tỉnh và xã/phường cũ.'));
          return;
        }
        var candidates = res.body.candidates;
        result.appendChild(el('p', {}, candidates.length === 1
          ? 'Địa chỉ mới của bạn:'
          : 'Xã/phường cũ này nay thuộc ' + candidates.length + ' xã/phường mới. Bạn ở phần nào? Chọn một:'));
        candidates.forEach(function (c) {
          var b = el('button', { type: 'button', class: 'candidate', 'data-testid': prefix + '-old-candidate', 'data-code': c.communeCode },
            c.communeName + ', ' + c.provinceName);
          b.addEventListener('click', function () {
            load().then(function (m) {
              if (m) { map.__value = m; }
              pick({ code: c.communeCode, name: c.communeName, province: c.provinceCode });
              if (!m) { o.province.value = c.provinceName; }
              panel.hidden = true;
              toggle.setAttribute('aria-expanded', 'false');
              o.commune.focus();
            });
          });
          result.appendChild(b);
        });
      });
    });
  }

  // The picked commune's code while the field still holds the picked name; null otherwise.
  function communeCode(input) {
    return input && input.dataset.code && input.dataset.codeFor === input.value.trim() ? input.dataset.code : null;
  }

  O.communePicker = communePicker;
  O.communeCode = communeCode;
  O.foldName = fold;
}());
