// Filters for the tweetx review report: no network, no libraries. Without JavaScript the
// controls stay hidden and every tweet is shown.
(function () {
  "use strict";
  var controls = document.getElementById("controls");
  var language = document.getElementById("filter-language");
  var platform = document.getElementById("filter-platform");
  var errors = document.getElementById("filter-errors");
  var low = document.getElementById("filter-low");
  var search = document.getElementById("filter-search");
  var shown = document.getElementById("shown");
  var tweets = Array.prototype.slice.call(document.querySelectorAll(".tweet"));
  var articles = Array.prototype.slice.call(document.querySelectorAll(".article"));
  var haystacks = tweets.map(function (tweet) {
    var parts = tweet.querySelectorAll(".original, .translation");
    var text = "";
    for (var i = 0; i < parts.length; i++) { text += " " + parts[i].textContent; }
    return text.toLowerCase();
  });

  function apply() {
    var lang = language.value, onlyErrors = errors.checked, onlyLow = low.checked;
    var from = platform.value;
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    tweets.forEach(function (tweet, i) {
      var visible = (!lang || tweet.getAttribute("data-lang") === lang) &&
        (!from || tweet.getAttribute("data-platform") === from) &&
        (!onlyErrors || tweet.getAttribute("data-error") === "1") &&
        (!onlyLow || tweet.getAttribute("data-low") === "1") &&
        words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
      tweet.hidden = !visible;
      if (visible) { count++; }
    });
    articles.forEach(function (article) {
      var tweetsInside = article.querySelectorAll(".tweet");
      var any = tweetsInside.length === 0 ? !(lang || from || onlyErrors || onlyLow || words.length)
        : false;
      for (var i = 0; i < tweetsInside.length && !any; i++) { any = !tweetsInside[i].hidden; }
      article.hidden = !any;
    });
    shown.textContent = count + " of " + tweets.length + " shown";
  }

  language.addEventListener("change", apply);
  platform.addEventListener("change", apply);
  errors.addEventListener("change", apply);
  low.addEventListener("change", apply);
  search.addEventListener("input", apply);
  controls.hidden = false;
  apply();
})();
