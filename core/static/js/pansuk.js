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
