// index.html's filters and full-text search: runs from file:// under the page's CSP (inlined, allowed by
// its hash). Without JS the filter bar stays hidden and the table shows every letter.
(function () {
  var table = document.getElementById('letters'), bar = document.getElementById('filters');
  if (!table || !bar) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function el(id) { return document.getElementById(id); }
  // Case and accents folded on both sides: 'geinformeerd' finds 'geïnformeerd'.
  function fold(s) { return (s || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
  var texts = rows.map(function (r) { return fold(r.getAttribute('data-search')); });
  var q = el('q'), topic = el('f-topic'), ministry = el('f-ministry'), type = el('f-type'),
      from = el('f-from'), to = el('f-to'), shown = el('shown'), none = el('no-match');
  function apply() {
    var words = fold(q.value).split(/\s+/).filter(Boolean), n = 0;
    rows.forEach(function (r, i) {
      var d = r.getAttribute('data-date') || '';
      var ok = (!topic.value || r.getAttribute('data-topics').split('|').indexOf(topic.value) >= 0) &&
        (!ministry.value || r.getAttribute('data-ministry') === ministry.value) &&
        (!type.value || r.getAttribute('data-type') === type.value) &&
        (!from.value || (d !== '' && d >= from.value)) && (!to.value || (d !== '' && d.slice(0, 10) <= to.value)) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' letters shown';
    none.hidden = n > 0;
  }
  [q, topic, ministry, type, from, to].forEach(function (c) {
    c.addEventListener('input', apply);
    c.addEventListener('change', apply);
  });
  el('f-clear').addEventListener('click', function () {
    [q, topic, ministry, type, from, to].forEach(function (c) { c.value = ''; });
    apply();
  });
  bar.hidden = false;
  apply();
})();
