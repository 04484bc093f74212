// The admin's periodic task form (django-celery-beat): under the crontab field, the schedule in words, as
// django-celery-beat's own inline script shows it (templates/admin/djcelery/change_periodictask_form.html).
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  var data = document.getElementById("readable-crontabs");
  if (!$ || !data) return;
  var readable = JSON.parse(data.textContent);
  var help = $(".field-crontab .help");
  var original = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var words = readable[$("#id_crontab").val()];
    help.html(original).append("<br>", document.createTextNode("Translation: " + (words || "")));
  });
})();
