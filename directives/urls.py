from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/task-row/", views.task_row, name="task_row"),
    path("documents/deadline-preview/", views.deadline_preview, name="deadline_preview"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", views.task_report_progress, name="task_report_progress"),
    path("tasks/<int:pk>/status/<slug:to>/", views.task_transition, name="task_transition"),
    path("tasks/<int:pk>/extension/", views.task_request_extension, name="task_request_extension"),
    path("tasks/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("extensions/<int:pk>/approve/", views.extension_approve, name="extension_approve"),
    path("extensions/<int:pk>/reject/", views.extension_reject, name="extension_reject"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("approvals/", views.approval_queue, name="approval_queue"),
]
