"""/api/v1/documents/, /api/v1/tasks/, /api/v1/extension-requests/ and /api/v1/input-requests/.

Thin views: parse input with a serializer, call one service, answer with the object read back
through the selectors. Who may see what comes from the selectors (an invisible task is a 404);
who may do what is decided by dtsystem.policy, inside the services and, first of all, here: every write
asks the policy before it reads its body, so a refused user gets 403 whatever the body (PermissionDenied
→ 403, ValidationError → 400, DomainError → 409, all as {"message", "errors"} by dtsystem.common.api)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dtsystem import policy

from .. import bulk, selectors, services
from ..filters import DocumentFilterSet, InputRequestFilterSet, TaskFilterSet
from ..models import Document, ExtensionRequest, InputRequest, Task
from .common import AS_OF, AsOfMixin, ScopedObjectMixin, error_responses, parse_input
from .serializers import (
    AddMembersInputSerializer,
    ChildrenConfirmInputSerializer,
    ContributionInputSerializer,
    ContributionSerializer,
    DocumentCancelInputSerializer,
    DocumentDetailSerializer,
    DocumentInputSerializer,
    DocumentSerializer,
    ExtensionDecisionInputSerializer,
    ExtensionRequestListSerializer,
    ExtensionRequestSerializer,
    ForwardInputSerializer,
    InputRequestListSerializer,
    InputRequestSerializer,
    ProgressReportSerializer,
    ReportProgressInputSerializer,
    RequestExtensionInputSerializer,
    TaskBulkInputSerializer,
    TaskBulkOutputSerializer,
    TaskCreateInputSerializer,
    TaskDetailSerializer,
    TaskSerializer,
    TaskUpdateInputSerializer,
    TransitionInputSerializer,
)

# ---------------------------------------------------------------------------------------------- documents


@extend_schema_view(
    list=extend_schema(summary="Danh sách văn bản chỉ đạo"),
    retrieve=extend_schema(
        summary="Một văn bản, với các nhiệm vụ người dùng được xem",
        parameters=[AS_OF],
        responses={200: DocumentDetailSerializer, **error_responses(404)},
    ),
)
class DocumentViewSet(
    AsOfMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Directive documents (văn bản chỉ đạo). Every signed-in user reads them; the office writes them."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    queryset = Document.objects.none()  # for the schema; get_queryset() is what runs

    def get_queryset(self) -> QuerySet[Document]:
        return selectors.document_list(user=self.request.user)

    def _read(self) -> Document:
        document = self.get_object(self.get_queryset().prefetch_related("attachments"))
        visible = selectors.task_list(user=self.request.user, as_of=self.as_of()).filter(document=document)
        document.visible_tasks = list(visible.order_by("position", "id"))  # in the document's order
        return document

    def retrieve(self, request, *args, **kwargs):
        return Response(DocumentDetailSerializer(self._read()).data)

    @extend_schema(
        summary="Nhập văn bản (kèm các nhiệm vụ)",
        request=DocumentInputSerializer,
        responses={201: DocumentDetailSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        policy.require(request.user, policy.MANAGE_DOCUMENTS)  # 403 before looking at the data
        data = parse_input(DocumentInputSerializer, request.data)
        data.pop("version", None)
        tasks = [
            {k: v for k, v in row.items() if k not in ("id", "version")} for row in data.pop("tasks", [])
        ]
        document = services.document_create(user=request.user, data=data, tasks=tasks)
        self.kwargs["pk"] = document.pk
        return Response(DocumentDetailSerializer(self._read()).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa văn bản (cần `version`; 409 nếu đã có người sửa trước)",
        request=DocumentInputSerializer,
        responses={200: DocumentDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    @extend_schema(
        summary="Sửa một phần văn bản (cần `version`; 409 nếu đã có người sửa trước)",
        request=DocumentInputSerializer,
        responses={200: DocumentDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool) -> Response:
        document = self.get_object()
        policy.require(request.user, policy.MANAGE_DOCUMENTS)  # 403 before looking at the data
        serializer = DocumentInputSerializer(document, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        tasks = data.pop("tasks", None)
        services.document_update(
            user=request.user,
            document=document,
            version=version,
            data=data,
            tasks=[dict(row) for row in tasks] if tasks is not None else None,
        )
        return Response(DocumentDetailSerializer(self._read()).data)

    @extend_schema(
        summary="Hủy (thu hồi) văn bản với lý do: các nhiệm vụ chưa xong bị hủy theo, lịch sử được giữ",
        request=DocumentCancelInputSerializer,
        responses={200: DocumentDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        document = self.get_object()
        policy.require(request.user, policy.MANAGE_DOCUMENTS)  # 403 before looking at the data
        data = parse_input(DocumentCancelInputSerializer, request.data)
        services.document_cancel(user=request.user, document=document, **data)
        return Response(DocumentDetailSerializer(self._read()).data)


# -------------------------------------------------------------------------------------------------- tasks


@extend_schema_view(
    list=extend_schema(summary="Danh sách nhiệm vụ người dùng được xem", parameters=[AS_OF]),
)
class TaskViewSet(
    AsOfMixin,
    ScopedObjectMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Tasks (nhiệm vụ) the user may see, with their timeliness at `as_of`."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    queryset = Task.objects.none()  # for the schema; get_queryset() is what runs

    def get_queryset(self) -> QuerySet[Task]:
        return selectors.task_list(user=self.request.user, as_of=self.as_of())

    def _read(self, pk: int) -> dict:
        task = self.get_queryset().get(pk=pk)
        selectors.apply_group_rollups([task], as_of=self.as_of())
        return TaskSerializer(task).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        selectors.apply_group_rollups(rows, as_of=self.as_of())  # a group order shows its children's figures
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        summary="Một nhiệm vụ, với lịch sử, báo cáo tiến độ và đề nghị gia hạn",
        parameters=[AS_OF],
        responses={200: TaskDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            task = selectors.task_detail(user=request.user, pk=self.kwargs["pk"], as_of=self.as_of())
        except Task.DoesNotExist:
            raise Http404 from None
        selectors.apply_group_rollups([task], as_of=self.as_of())
        return Response(TaskDetailSerializer(task).data)

    @extend_schema(
        summary="Giao nhiệm vụ mới cho một văn bản",
        request=TaskCreateInputSerializer,
        responses={201: TaskSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        policy.require(request.user, policy.MANAGE_DOCUMENTS)  # 403 before looking at the data
        data = parse_input(TaskCreateInputSerializer, request.data)
        document = data.pop("document")
        if data.get("unit_group") is not None:  # an order to a group: a parent and one task per member
            if data.get("lead_unit") is not None:
                raise ValidationError(
                    {"unit_group": [_("Chọn lead_unit hoặc unit_group, không chọn cả hai.")]}
                )
            task = services.task_create_for_group(user=request.user, document=document, **data)
        else:
            data.pop("unit_group", None)
            task = services.task_create(user=request.user, document=document, **data)
        return Response(self._read(task.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa nhiệm vụ (cần `version`; 409 nếu đã có người sửa trước)",
        request=TaskUpdateInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 403, 404, 409)},
    )
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.TASK_EDIT, task)  # 403 before looking at the data
        data = parse_input(TaskUpdateInputSerializer, request.data)
        services.task_update(user=request.user, task=task, version=data.pop("version"), **data)
        return Response(self._read(task.pk))

    @extend_schema(
        summary="Báo cáo tiến độ (JSON, hoặc multipart kèm tệp minh chứng `files`)",
        request={
            "application/json": ReportProgressInputSerializer,
            "multipart/form-data": ReportProgressInputSerializer,
        },
        responses={201: ProgressReportSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="report-progress",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def report_progress(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.TASK_REPORT_PROGRESS, task)  # 403 before looking at the data
        data = parse_input(ReportProgressInputSerializer, request.data)
        report = services.task_report_progress(task=task, user=request.user, **data)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Chuyển trạng thái (bắt đầu, báo cáo hoàn thành, xác nhận, mở lại, tạm dừng, hủy)",
        request=TransitionInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        task = self.get_object()
        # The body chooses the transition: refused only who may make none of them (the service checks the one).
        policy.require_any(request.user, set(services.TRANSITIONS.values()), task)
        data = parse_input(TransitionInputSerializer, request.data)
        services.task_transition(task=task, user=request.user, **data)
        return Response(self._read(task.pk))

    @extend_schema(
        summary="Xử lý nhiều nhiệm vụ (xác nhận hoàn thành, trả lại, gia hạn, giao lại): kết quả từng nhiệm vụ",
        request=TaskBulkInputSerializer,
        responses={200: TaskBulkOutputSerializer, **error_responses(400, 403, 404)},
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request, *args, **kwargs):
        """Each task is applied on its own (directives.bulk): 200 with one result per id, `ok` false and
        the reason for a refused one; a malformed request (unknown action, return without reason...) is 400;
        403 / 404 when not one task may be touched (or seen)."""
        policy.require(request.user, policy.WORK_ON_TASKS)  # 403 before looking at the data
        data = parse_input(TaskBulkInputSerializer, request.data)
        results = bulk.tasks_bulk_apply(user=request.user, task_ids=data.pop("ids"), **data)
        outright = bulk.refused_outright(results)
        if outright == bulk.FORBIDDEN:  # as for one task: 403 / 404 when none may be touched
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với các nhiệm vụ đã chọn."))
        if outright == bulk.NOT_FOUND:
            raise Http404(_("Không tìm thấy nhiệm vụ nào trong số đã chọn."))
        return Response(
            {
                "applied": sum(r.ok for r in results),
                "refused": sum(not r.ok for r in results),
                "results": [r.as_dict() for r in results],
            }
        )

    @extend_schema(
        summary="Xin gia hạn",
        request=RequestExtensionInputSerializer,
        responses={201: ExtensionRequestSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.TASK_REQUEST_EXTENSION, task)  # 403 before looking at the data
        data = parse_input(RequestExtensionInputSerializer, request.data)
        extension = services.task_request_extension(task=task, user=request.user, **data)
        return Response(ExtensionRequestSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Giao lại: chia nhiệm vụ thành phần việc cho phòng, đơn vị trực thuộc hoặc xã, phường",
        request=ForwardInputSerializer,
        responses={201: TaskSerializer(many=True), **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def forward(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.TASK_FORWARD, task)  # 403 before looking at the data
        data = parse_input(ForwardInputSerializer, request.data)
        parts = [(p["unit"], p.get("content", ""), p.get("due_date")) for p in data["parts"]]
        children = services.task_forward(task=task, user=request.user, parts=parts)
        rows = list(self.get_queryset().filter(pk__in=[c.pk for c in children]).order_by("pk"))
        return Response(TaskSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Văn phòng xác nhận hoàn thành nhiều nhiệm vụ con cùng lúc (mỗi nhiệm vụ một dòng lịch sử)",
        request=ChildrenConfirmInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="confirm-children")
    def confirm_children(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.TASK_CONFIRM_DONE, task)  # 403 before looking at the data
        data = parse_input(ChildrenConfirmInputSerializer, request.data)
        children = list(Task.objects.filter(parent=task, pk__in=data["children"]).select_related("lead_unit"))
        if len(children) != len(set(data["children"])):
            raise ValidationError({"children": [_("Có nhiệm vụ không thuộc nhiệm vụ này.")]})
        services.task_children_confirm(task=task, user=request.user, children=children)
        return Response(self._read(task.pk))

    @extend_schema(
        summary="Giao nhiệm vụ nhóm cho đơn vị mới vào nhóm (văn phòng chọn đơn vị)",
        request=AddMembersInputSerializer,
        responses={201: TaskSerializer(many=True), **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="add-members")
    def add_members(self, request, *args, **kwargs):
        task = self.get_object()
        policy.require(request.user, policy.MANAGE_DOCUMENTS)  # 403 before looking at the data
        data = parse_input(AddMembersInputSerializer, request.data)
        children = services.group_add_members_to_task(task=task, user=request.user, units=data["units"])
        rows = list(self.get_queryset().filter(pk__in=[c.pk for c in children]).order_by("pk"))
        return Response(TaskSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Ý kiến phối hợp của nhiệm vụ (các đề nghị góp ý người dùng được xem, với ý kiến đã gửi)",
        responses={200: InputRequestSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Đơn vị phối hợp gửi ý kiến (JSON, hoặc multipart kèm tệp `files`)",
        request={
            "application/json": ContributionInputSerializer,
            "multipart/form-data": ContributionInputSerializer,
        },
        responses={201: ContributionSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
        pagination_class=None,  # a task's few input requests, whole (the schema says a plain list)
    )
    def contributions(self, request, *args, **kwargs):
        task = self.get_object()
        if request.method == "GET":
            requests = selectors.task_input_requests(user=request.user, task=task)
            return Response(InputRequestSerializer(requests, many=True).data)
        # 403 before reading the body: only a member of one of the task's coordinating units may send
        services.contribution_require_member(user=request.user, task=task)
        data = parse_input(ContributionInputSerializer, request.data)
        contribution = services.contribution_submit(user=request.user, task=task, **data)
        contribution = (
            type(contribution)
            .objects.select_related("unit", "submitted_by")
            .prefetch_related("attachments")
            .get(pk=contribution.pk)
        )
        return Response(ContributionSerializer(contribution).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------------------- input requests


@extend_schema_view(
    list=extend_schema(
        summary="Đề nghị góp ý phối hợp người dùng được xem (?mine=1: đơn vị tôi cần góp ý; ?status=)",
        responses={200: InputRequestListSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="Một đề nghị góp ý phối hợp, với ý kiến đã gửi",
        responses={200: InputRequestSerializer, **error_responses(404)},
    ),
)
class InputRequestViewSet(ScopedObjectMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coordinating units' input requests (đề nghị góp ý phối hợp): theirs, or on the tasks they lead."""

    serializer_class = InputRequestListSerializer
    filterset_class = InputRequestFilterSet
    queryset = InputRequest.objects.none()  # for the schema; get_queryset() is what runs

    def get_queryset(self) -> QuerySet[InputRequest]:
        mine = self.request.query_params.get("mine") in ("1", "true")
        return selectors.input_request_list(user=self.request.user, mine=mine)  # ?status=: the FilterSet

    def retrieve(self, request, *args, **kwargs):
        found = self.get_object()
        requests = selectors.task_input_requests(user=request.user, task=found.task)
        chosen = next((r for r in requests if r.pk == found.pk), None)
        if chosen is None:
            raise Http404
        return Response(InputRequestSerializer(chosen).data)


# --------------------------------------------------------------------------------------- extension requests


@extend_schema_view(
    list=extend_schema(summary="Đề nghị gia hạn của các nhiệm vụ người dùng được xem (lọc ?status=)"),
    retrieve=extend_schema(summary="Một đề nghị gia hạn", responses={200: ExtensionRequestListSerializer}),
)
class ExtensionRequestViewSet(
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Deadline extension requests of the tasks the user may see; the office approves or refuses them."""

    serializer_class = ExtensionRequestListSerializer
    filterset_fields = ["status"]
    queryset = ExtensionRequest.objects.none()  # for the schema; get_queryset() is what runs

    def get_queryset(self) -> QuerySet[ExtensionRequest]:
        visible_tasks = selectors.task_queryset(user=self.request.user).values("pk")
        return (
            ExtensionRequest.objects.filter(task__in=visible_tasks)
            .select_related("task__lead_unit", "task__document", "requested_by", "decided_by")
            .order_by("-requested_at", "-id")
        )

    def _read(self, pk: int) -> dict:
        return ExtensionRequestListSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(
        summary="Đồng ý gia hạn",
        request=ExtensionDecisionInputSerializer,
        responses={200: ExtensionRequestListSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        extension = self.get_object()
        policy.require(request.user, policy.DECIDE_EXTENSIONS)  # 403 before looking at the data
        data = parse_input(ExtensionDecisionInputSerializer, request.data)
        services.extension_approve(extension=extension, user=request.user, **data)
        return Response(self._read(extension.pk))

    @extend_schema(
        summary="Không đồng ý gia hạn (cần lý do)",
        request=ExtensionDecisionInputSerializer,
        responses={200: ExtensionRequestListSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        extension = self.get_object()
        policy.require(request.user, policy.DECIDE_EXTENSIONS)  # 403 before looking at the data
        data = parse_input(ExtensionDecisionInputSerializer, request.data)
        services.extension_reject(extension=extension, user=request.user, **data)
        return Response(self._read(extension.pk))
