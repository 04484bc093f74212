// DTSystem: small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", function (evt) {
  var box = document.getElementById("htmx-error");
  if (!box) {
    box = document.createElement("div");
    box.id = "htmx-error";
    box.className = "alert alert-danger position-fixed bottom-0 end-0 m-3";
    box.setAttribute("role", "alert");
    document.body.appendChild(box);
  }
  box.textContent = "Không thực hiện được yêu cầu (" + evt.detail.xhr.status + "). Vui lòng thử lại.";
});

// "Quay lại trang trước" (error pages): back in the browser's history when there is one; the link's own
// address (the home page) otherwise (a page opened in a new tab).
document.addEventListener("click", function (evt) {
  var link = evt.target.closest ? evt.target.closest("[data-history-back]") : null;
  if (!link || window.history.length < 2) return;
  evt.preventDefault();
  window.history.back();
});

// A select or date field that submits its form when changed (the language switcher, "as of" dates).
document.addEventListener("change", function (evt) {
  var field = evt.target;
  if (field.form && field.hasAttribute && field.hasAttribute("data-autosubmit")) field.form.submit();
});
