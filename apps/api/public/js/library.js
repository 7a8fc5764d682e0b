// Library filters: search and category, without a round trip.
(function () {
  'use strict';
  var search = document.querySelector('[data-library-search]');
  var category = document.querySelector('[data-library-category]');
  var cards = Array.prototype.slice.call(document.querySelectorAll('[data-template-card]'));
  var count = document.querySelector('[data-library-count]');
  var empty = document.querySelector('[data-library-empty]');
  function apply() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var cat = category.value;
    var shown = 0;
    cards.forEach(function (card) {
      var hay = card.getAttribute('data-search');
      var ok = (!cat || card.getAttribute('data-category') === cat) && words.every(function (w) { return hay.indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + (shown === 1 ? ' template' : ' templates');
    empty.hidden = shown > 0;
  }
  search.addEventListener('input', apply);
  category.addEventListener('change', apply);
  document.querySelector('[data-library-filters]').addEventListener('submit', function (e) { e.preventDefault(); });
})();
