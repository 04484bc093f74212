from django.urls import path

from .views import actions, bulk, documents, groups, queues, saved_filters, tasks

app_name = "directives"

urlpatterns = [
    path("documents/", documents.document_list, name="document_list"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/task-row/", documents.task_row, name="task_row"),
    path("documents/deadline-preview/", documents.deadline_preview, name="deadline_preview"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("documents/<int:pk>/cancel/", documents.document_cancel, name="document_cancel"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/bulk/", bulk.task_bulk, name="task_bulk"),
    path("tasks/saved-filters/", saved_filters.saved_filter_create, name="saved_filter_create"),
    path(
        "tasks/saved-filters/<int:pk>/delete/",
        saved_filters.saved_filter_delete,
        name="saved_filter_delete",
    ),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", actions.task_report_progress, name="task_report_progress"),
    path("tasks/<int:pk>/status/<slug:to>/", actions.task_transition, name="task_transition"),
    path("tasks/<int:pk>/extension/", actions.task_request_extension, name="task_request_extension"),
    path("tasks/<int:pk>/contributions/", actions.contribution_create, name="contribution_create"),
    path("inputs/", queues.input_request_list, name="input_request_list"),
    path("tasks/<int:pk>/children/confirm/", groups.task_children_confirm, name="task_children_confirm"),
    path("tasks/<int:pk>/group/add-members/", groups.task_group_add_members, name="task_group_add_members"),
    path("tasks/<int:pk>/forward/", groups.task_forward, name="task_forward"),
    path("tasks/attachments/<int:pk>/", tasks.attachment_download, name="attachment_download"),
    path("extensions/<int:pk>/approve/", actions.extension_approve, name="extension_approve"),
    path("extensions/<int:pk>/reject/", actions.extension_reject, name="extension_reject"),
    path("my-tasks/", queues.my_tasks, name="my_tasks"),
    path("approvals/", queues.approval_queue, name="approval_queue"),
]
