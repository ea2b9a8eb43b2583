// The search pickers (core/templates/registry/_picker.html): as one types in
// a [data-picker-input] box, ask its JSON url for the matches and show them
// as radio buttons in the picker's list. Without this file the search form
// and its paged list work on their own.
(function () {
  "use strict";
  var timers = {};

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function show(name, answer, box) {
    var list = document.querySelector('[data-picker-list="' + name + '"]');
    var status = document.querySelector('[data-picker-status="' + name + '"]');
    var pages = document.querySelector('[data-picker-pages="' + name + '"]');
    if (!list) { return; }
    var checked = list.querySelector("input:checked");
    var keep = checked && checked.value ? checked.closest("li") : null;
    var none = list.querySelector('input[value=""]');
    var noneItem = none ? none.closest("li") : null;
    list.textContent = "";
    if (noneItem) { list.appendChild(noneItem); }
    if (keep) { list.appendChild(keep); }
    answer.choices.forEach(function (c) {
      var value = (list.dataset.pickerPrefix || "") + c.id;
      if (keep && value === keep.querySelector("input").value) { return; }
      var item = document.createElement("li");
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = list.dataset.pickerField || name;
      input.value = value;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(text("strong", c.name || "—"));
      label.appendChild(document.createTextNode(" "));
      label.appendChild(text("span", (box.dataset.houseLabel || "") + " " + (c.household_code || "—") + " · " +
                                     (c.village || "—"), "muted"));
      item.appendChild(label);
      list.appendChild(item);
    });
    if (status) {
      status.textContent = answer.total ? answer.total + " " + (box.dataset.foundLabel || "") : (box.dataset.noneLabel || "");
    }
    if (pages) { pages.hidden = answer.pages > 1 ? false : true; }
  }

  function search(box) {
    var name = box.dataset.pickerInput;
    var url = box.dataset.pickerUrl + "?q=" + encodeURIComponent(box.value) + "&page=1";
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(name, answer, box); } })
      .catch(function () { /* the search button still works */ });
  }

  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest("[data-picker-input]");
    if (!box) { return; }
    var name = box.dataset.pickerInput;
    clearTimeout(timers[name]);
    timers[name] = setTimeout(function () { search(box); }, 250);
  });
}());
