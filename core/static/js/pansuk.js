// Behaviour shared by every page, without inline handlers (the CSP allows no
// inline script without the page's nonce): buttons marked data-print print.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A form whose button has data-busy says so while the server works (a long
// issue run): the button shows the text and cannot be pressed twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[data-busy]");
  if (button && !event.defaultPrevented) {
    button.textContent = button.dataset.busy;
    button.setAttribute("aria-busy", "true");
    setTimeout(function () { button.disabled = true; }, 0);
  }
});

// Thai pages count years in the Buddhist Era. A browser's date field shows its
// own calendar (often the Common Era), so each date field on a Thai page says
// the chosen day beside it as the rest of the page writes dates: 7 ธ.ค. 2569.
(function () {
  if (document.documentElement.lang !== "th" || !window.Intl) return;
  var day = new Intl.DateTimeFormat("th-TH-u-ca-buddhist", {day: "numeric", month: "short", year: "numeric"});
  var time = new Intl.DateTimeFormat("th-TH-u-ca-buddhist", {hour: "2-digit", minute: "2-digit", hour12: false});
  function say(input, out) {
    var v = input.value;
    if (!v) { out.textContent = ""; return; }
    var parts = v.split("T");
    var d = parts[0].split("-");
    var when = new Date(+d[0], +d[1] - 1, +d[2]);
    if (isNaN(when.getTime())) { out.textContent = ""; return; }
    var text = day.format(when);
    if (parts[1]) {
      var t = parts[1].split(":");
      when.setHours(+t[0], +t[1]);
      text += " " + time.format(when);
    }
    out.textContent = text;
  }
  document.querySelectorAll("input[type=date], input[type=datetime-local]").forEach(function (input) {
    var out = document.createElement("span");
    out.className = "be-date";
    out.setAttribute("aria-live", "polite");
    out.setAttribute("data-be-date", "");
    input.insertAdjacentElement("afterend", out);
    say(input, out);
    input.addEventListener("input", function () { say(input, out); });
    input.addEventListener("change", function () { say(input, out); });
  });
})();
