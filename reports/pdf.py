"""The PDF of a report laid out in chunks: memory bounded by the chunk, not by the number of tasks.

WeasyPrint lays out a whole HTML document at once and keeps every page's boxes (≈ 2 MiB a page of
table) until the PDF is written, and Python's cyclic garbage collector walks that growing heap again
and again (a third of the layout's CPU time for a 60-page report). So the report is a *flow* of blocks
(`Block`: a piece of the text, or one row of a table) rendered a chunk of rows at a time, each chunk
its own WeasyPrint document written to PDF at once, the chunks' PDFs joined with pypdf.

The pages look as if the report had been laid out in one go: the last page of a chunk is not kept;
the blocks that begin on it are carried over to the top of the next chunk (a carried row reopens its
table, whose header row is repeated on each page anyway), and each chunk numbers its pages on from the
previous one."""

from __future__ import annotations

import gc
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

PROGRESS_LOGGER = "weasyprint.progress"


@dataclass(frozen=True)
class Table:
    """A table the flow's rows belong to: its opening (table, colgroup, thead, <tbody>) and closing."""

    open: str
    close: str = "</tbody></table>"


@dataclass(frozen=True)
class Block:
    """One piece of the flow: top-level HTML, or (with `table`) one `<tr>` of that table."""

    html: str
    table: Table | None = None


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" progress messages into a callback(N)."""

    def __init__(self, callback: Callable[[int], None]):
        super().__init__(logging.INFO)
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        page = message.rsplit(" ", 1)[-1]
        if "Creating layout - Page" in message and page.isdigit():
            self.callback(int(page))


@contextmanager
def _page_progress(on_page: Callable[[int], None] | None):
    progress_logger = logging.getLogger(PROGRESS_LOGGER)
    if on_page is None:
        yield
        return
    handler = _PageProgress(on_page)
    saved = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(saved[0])
        progress_logger.propagate = saved[1]


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while one chunk is laid out and written (its boxes are all alive
    until then: the collector would only walk them again and again); one young collection afterwards
    frees the chunk, the objects older than the render (Django, the fonts...) set aside meanwhile so that
    it walks only the chunk's. Left alone when the collector was already off."""
    was_enabled = gc.isenabled()
    if not was_enabled:
        yield
        return
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()
        gc.enable()


def _chunk_html(head: str, blocks: list[Block], first_index: int) -> str:
    """The HTML document of a chunk: each block marked with its index in the flow (data-flow), the
    rows of one table inside one <table>."""
    parts = [head, "<body>"]
    table = None
    for offset, block in enumerate(blocks):
        index = first_index + offset
        if block.table is not table:
            if table is not None:
                parts.append(table.close)
            table = block.table
            if table is not None:
                parts.append(table.open)
        if table is None:
            parts.append(f'<div class="flow" data-flow="{index}">{block.html}</div>')
        else:
            parts.append(block.html.replace("<tr", f'<tr data-flow="{index}"', 1))
    if table is not None:
        parts.append(table.close)
    parts.append("</body></html>")
    return "".join(parts)


def _flows_on(page) -> set[int]:
    """The flow indexes of the blocks that have a box on `page`."""
    found = set()
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None:
            value = element.get("data-flow")
            if value is not None:
                found.add(int(value))
                continue  # a block's inner boxes carry nothing more
        stack.extend(getattr(box, "children", ()))
    return found


def _carry_from(pages) -> tuple[int, int | None]:
    """(pages to keep, first flow index to carry over): the blocks on the last page, and any block
    that began on an earlier page but ends on a dropped one, go to the next chunk. (len(pages), None)
    when nothing can be carried (everything is on one page)."""
    page = len(pages) - 1
    on_page = _flows_on(pages[page])
    if page == 0 or not on_page:
        return len(pages), None
    first = min(on_page)
    while True:
        while page > 0 and first in _flows_on(pages[page - 1]):
            page -= 1  # the block began on an earlier page
        if page == 0:
            return len(pages), None
        earliest = min(_flows_on(pages[page]))
        if earliest == first:
            return page, first
        first = earliest


def render_flow(
    *,
    head: str,
    blocks: Iterable[Block],
    stylesheets: list,
    font_config,
    base_url: str,
    chunk_rows: int,
    on_page: Callable[[int], None] | None = None,
) -> tuple[bytes, int]:
    """Lay out the flow `blocks` (consumed lazily) a chunk of about `chunk_rows` table rows at a time
    and return (pdf, pages). `head` is the document up to </head>; `stylesheets` WeasyPrint CSS objects
    made with `font_config`. `on_page(n)` is told of each page (numbered through the whole report) as
    it is laid out."""
    from pypdf import PdfWriter
    from weasyprint import CSS, HTML

    source: Iterator[Block] = iter(blocks)
    pending: list[Block] = []
    first_index = 0  # flow index of pending[0]
    done_pages = 0
    writer = PdfWriter()
    metadata = None
    exhausted = False
    offset = [0]

    def local_page(n: int) -> None:
        if on_page is not None:
            on_page(offset[0] + n)

    with _page_progress(local_page if on_page is not None else None):
        while True:
            rows = sum(1 for b in pending if b.table is not None)
            while not exhausted and rows < chunk_rows:
                block = next(source, None)
                if block is None:
                    exhausted = True
                    break
                pending.append(block)
                rows += block.table is not None
            if not pending:
                break
            sheets = list(stylesheets)
            if done_pages:
                # Page numbers go on from the previous chunk; the chunk's first page is not the report's.
                sheets.append(
                    CSS(
                        string=(
                            f"@page :first {{ counter-reset: page {done_pages + 1}; "
                            "@top-center { content: counter(page); } }\n"
                            "body > table.data:first-child { margin-top: 0; }"
                        ),
                        font_config=font_config,
                    )
                )
            offset[0] = done_pages
            with _collector_paused():
                document = HTML(string=_chunk_html(head, pending, first_index), base_url=base_url).render(
                    stylesheets=sheets, font_config=font_config
                )
                keep, carry = (len(document.pages), None) if exhausted else _carry_from(document.pages)
                if keep == len(document.pages) or carry == first_index:
                    keep, carry = len(document.pages), None  # nothing to carry, or no progress: keep it all
                chunk_pdf = document.copy(document.pages[:keep]).write_pdf()
                del document
            reader_pdf = io.BytesIO(chunk_pdf)
            if metadata is None:
                from pypdf import PdfReader

                metadata = PdfReader(reader_pdf).metadata
                reader_pdf.seek(0)
            writer.append(reader_pdf)
            done_pages += keep
            if carry is None:
                first_index += len(pending)
                pending = []
            else:
                pending = pending[carry - first_index :]
                first_index = carry
            if exhausted and not pending:
                break
    if metadata:
        writer.add_metadata({key: value for key, value in metadata.items() if isinstance(value, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), done_pages
