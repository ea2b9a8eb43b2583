// Behaviour shared by every page, without inline handlers (the CSP allows no
// inline script without the page's nonce): buttons marked data-print print.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
