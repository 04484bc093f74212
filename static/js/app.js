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
