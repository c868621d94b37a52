"""End-to-end checks of assistants-mock through the official Python SDK (openai >= 1.x, with `beta.assistants`).

Usage: python sdk_flows.py BASE_URL [CHECK ...]
       python sdk_flows.py --list      (the check names, one a line; fails if the SDK lacks beta.assistants)

BASE_URL is the server's API root (e.g. http://127.0.0.1:4141/v1), started with
`--fixtures test/python/scenarios.yaml --fixtures packages/fixtures/scenarios`. Every check is
independent: it has its own API key (new on every invocation), so it sees only the objects it made.
Clients validate every response and streamed event against the SDK's models
(`_strict_response_validation`). Prints one line per check, then `N passed, N failed`; exits 1 if
any check failed.
"""

from __future__ import annotations

import asyncio
import io
import json
import pathlib
import sys
import tempfile
import traceback
import uuid
import warnings
from typing import Any, Callable, List, Tuple

import openai
from openai import AssistantEventHandler, AsyncAssistantEventHandler, AsyncOpenAI, OpenAI

# The SDK marks the whole Assistants API deprecated (in favour of Responses); it still works.
warnings.simplefilter("ignore", DeprecationWarning)

BASE_URL = ""
# Keys differ from one invocation to the next, so a long-lived server does not show one run's objects to the next.
RUN_ID = uuid.uuid4().hex[:8]
CHECKS: List[Callable[[OpenAI], None]] = []
INCLUDE_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"
REFUND_TEXT = b"Refund policy: refunds are accepted within thirty days of purchase with a receipt.\n"
SHIPPING_TEXT = b"# Shipping\n\nOrders ship within two business days from our warehouse.\n"
NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), "
    "or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. "
    "You can obtain an API key from https://platform.openai.com/account/api-keys."
)


def check(fn: Callable[[OpenAI], None]) -> Callable[[OpenAI], None]:
    CHECKS.append(fn)
    return fn


def client_for(name: str, **options: Any) -> OpenAI:
    return OpenAI(base_url=BASE_URL, api_key=f"sk-py-{RUN_ID}-{name}", max_retries=0, _strict_response_validation=True, **options)


def eq(actual: Any, expected: Any, what: str = "value") -> None:
    if actual != expected:
        raise AssertionError(f"{what}:\n  expected {expected!r}\n  got      {actual!r}")


def expect_error(kind: type, call: Callable[[], Any], status: int, message: str, param: str | None = None, code: str | None = None) -> Any:
    """Runs `call`, which must raise `kind` with exactly this OpenAI error body."""
    try:
        call()
    except openai.APIStatusError as error:
        eq(type(error), kind, "error class")
        eq(error.status_code, status, "status")
        eq(error.body, {"message": message, "type": "invalid_request_error", "param": param, "code": code}, "error body")
        eq((error.message, error.code, error.param, error.type), (f"Error code: {status} - {{'error': {error.body!r}}}", code, param, "invalid_request_error"), "error fields")
        if not (error.request_id or "").startswith("req_"):
            raise AssertionError(f"request_id: {error.request_id!r}")
        return error
    raise AssertionError(f"expected {kind.__name__}, nothing was raised")


def text_of(message: Any) -> str:
    return "".join(part.text.value for part in message.content if part.type == "text")


def function_tool(name: str) -> dict:
    return {"type": "function", "function": {"name": name, "parameters": {"type": "object", "properties": {}}}}


def dump(model: Any) -> Any:
    return model.model_dump(mode="json")


class Recorder(AssistantEventHandler):
    """Records what an AssistantEventHandler sees, callback by callback."""

    def __init__(self) -> None:
        super().__init__()
        self.events: List[str] = []
        self.text_deltas_seen: List[str] = []
        self.texts_done: List[str] = []
        self.tools_created: List[Tuple[str, str]] = []
        self.tools_done: List[Any] = []
        self.tool_deltas: List[Any] = []
        self.steps_done: List[Tuple[str, str]] = []
        self.step_snapshots: List[Any] = []
        self.exceptions: List[Exception] = []
        self.text_snapshot: Any = None

    def on_event(self, event: Any) -> None:
        self.events.append(event.event)

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.text_deltas_seen.append(delta.value)
        self.text_snapshot = snapshot

    def on_text_done(self, text: Any) -> None:
        self.texts_done.append(text.value)

    def on_tool_call_created(self, tool_call: Any) -> None:
        name = tool_call.function.name if tool_call.type == "function" else ""
        self.tools_created.append((tool_call.type, name))

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        self.tool_deltas.append(delta)

    def on_tool_call_done(self, tool_call: Any) -> None:
        self.tools_done.append(tool_call)

    def on_run_step_done(self, run_step: Any) -> None:
        self.steps_done.append((run_step.type, run_step.status))
        self.step_snapshots.append(run_step)

    def on_exception(self, exception: Exception) -> None:
        self.exceptions.append(exception)


RUN_START = ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]


def message_step_events(deltas: int) -> List[str]:
    return [
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.message.created",
        "thread.message.in_progress",
        *["thread.message.delta"] * deltas,
        "thread.message.completed",
        "thread.run.step.completed",
    ]


def upload_policies(c: OpenAI) -> Tuple[Any, dict]:
    """A vector store holding refund.txt and shipping.md, uploaded with `upload_and_poll`; their ids by name."""
    store = c.vector_stores.create(name="Policies")
    batch = c.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("refund.txt", REFUND_TEXT, "text/plain"), ("shipping.md", io.BytesIO(SHIPPING_TEXT), "text/markdown")]
    )
    eq((batch.status, batch.file_counts.completed, batch.file_counts.total), ("completed", 2, 2), "batch")
    return store, {f.filename: f.id for f in c.files.list(purpose="assistants")}


# --- CRUD, pagination, errors -------------------------------------------------------------------


@check
def assistants_crud(c: OpenAI) -> None:
    a = c.beta.assistants.create(
        model="gpt-4o", name="Tutor", instructions="Be brief.", tools=[{"type": "code_interpreter"}], metadata={"team": "py"}
    )
    eq((a.object, a.id[:5], a.name, a.metadata, a.tools[0].type), ("assistant", "asst_", "Tutor", {"team": "py"}, "code_interpreter"))
    eq((type(a.created_at), a.temperature, a.top_p, a.response_format), (int, 1.0, 1.0, "auto"), "defaults")
    eq(dump(c.beta.assistants.retrieve(a.id)), dump(a), "retrieve")
    updated = c.beta.assistants.update(a.id, name="Tutor 2", metadata={"team": "py", "v": "2"})
    eq((updated.name, updated.metadata, updated.instructions), ("Tutor 2", {"team": "py", "v": "2"}, "Be brief."))
    deleted = c.beta.assistants.delete(a.id)
    eq((deleted.id, deleted.object, deleted.deleted), (a.id, "assistant.deleted", True))
    expect_error(openai.NotFoundError, lambda: c.beta.assistants.retrieve(a.id), 404, f"No assistant found with id '{a.id}'.")


@check
def threads_and_messages_crud(c: OpenAI) -> None:
    t = c.beta.threads.create(
        messages=[{"role": "user", "content": "first"}, {"role": "assistant", "content": "second"}], metadata={"k": "v"}
    )
    eq((t.object, t.id[:7], t.metadata), ("thread", "thread_", {"k": "v"}))
    listed = c.beta.threads.messages.list(t.id, order="asc").data
    eq([(m.role, text_of(m), m.thread_id, m.object) for m in listed], [("user", "first", t.id, "thread.message"), ("assistant", "second", t.id, "thread.message")])
    m = c.beta.threads.messages.create(
        t.id,
        role="user",
        content=[{"type": "text", "text": "third"}, {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}}],
    )
    eq((m.id[:4], [p.type for p in m.content], m.content[1].image_url.url, m.content[1].image_url.detail), ("msg_", ["text", "image_url"], "https://example.com/cat.png", "low"))
    eq(dump(c.beta.threads.messages.retrieve(m.id, thread_id=t.id)), dump(m), "message retrieve")
    eq(c.beta.threads.messages.update(m.id, thread_id=t.id, metadata={"seen": "yes"}).metadata, {"seen": "yes"})
    eq(c.beta.threads.update(t.id, metadata={"k": "w"}).metadata, {"k": "w"})
    deleted = c.beta.threads.messages.delete(m.id, thread_id=t.id)
    eq((deleted.id, deleted.object, deleted.deleted), (m.id, "thread.message.deleted", True))
    eq([text_of(x) for x in c.beta.threads.messages.list(t.id)], ["second", "first"], "messages after delete")
    gone = c.beta.threads.delete(t.id)
    eq((gone.id, gone.object, gone.deleted), (t.id, "thread.deleted", True))
    expect_error(openai.NotFoundError, lambda: c.beta.threads.messages.list(t.id), 404, f"No thread found with id '{t.id}'.")


@check
def message_list_pagination(c: OpenAI) -> None:
    t = c.beta.threads.create()
    ids = [c.beta.threads.messages.create(t.id, role="user", content=f"message {i}").id for i in range(45)]
    first = c.beta.threads.messages.list(t.id)
    eq((len(first.data), first.has_more, first.first_id, first.last_id, first.has_next_page()), (20, True, ids[44], ids[25], True), "first page")
    eq([m.id for m in c.beta.threads.messages.list(t.id)], ids[::-1], "auto-paging, newest first")
    eq([m.id for m in c.beta.threads.messages.list(t.id, order="asc", limit=7)], ids, "auto-paging, oldest first")
    pages = list(c.beta.threads.messages.list(t.id).iter_pages())
    eq([(len(p.data), p.has_more) for p in pages], [(20, True), (20, True), (5, False)], "pages")
    after = c.beta.threads.messages.list(t.id, order="asc", after=ids[9], limit=5)
    eq(([m.id for m in after.data], after.has_more), (ids[10:15], True), "after")
    before = c.beta.threads.messages.list(t.id, order="asc", before=ids[10], limit=5)
    eq(([m.id for m in before.data], before.has_more), (ids[5:10], True), "before, oldest first")
    before_desc = c.beta.threads.messages.list(t.id, before=ids[3], limit=5)
    eq([m.id for m in before_desc.data], ids[8:3:-1], "before, newest first")
    last = c.beta.threads.messages.list(t.id, order="asc", after=ids[39])
    eq(([m.id for m in last.data], last.has_more, last.has_next_page()), (ids[40:], False, False), "last page")
    empty = c.beta.threads.messages.list(t.id, after=ids[0])
    eq((empty.data, empty.first_id, empty.last_id, empty.has_more), ([], None, None, False), "empty page")


@check
def assistant_list_auto_paging(c: OpenAI) -> None:
    ids = [c.beta.assistants.create(model="gpt-4o", name=f"a{i}").id for i in range(23)]
    eq([a.id for a in c.beta.assistants.list()], ids[::-1], "all assistants")
    eq([len(p.data) for p in c.beta.assistants.list().iter_pages()], [20, 3], "page sizes")


@check
def error_classes_and_bodies(c: OpenAI) -> None:
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.assistants.create(model="gpt-4o", temperature=5),
        400,
        "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 5 instead.",
        "temperature",
        "decimal_above_max_value",
    )
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.create(messages=[{"role": "system", "content": "x"}]),  # type: ignore[list-item]
        400,
        "Invalid value: 'system'. Supported values are: 'user' and 'assistant'.",
        "messages[0].role",
        "invalid_value",
    )
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.assistants.create(model="gpt-4o", extra_body={"colour": "red"}),
        400,
        "Unknown parameter: 'colour'.",
        "colour",
        "unknown_parameter",
    )
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.assistants.list(limit=101),
        400,
        "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.",
        "limit",
        "integer_above_max_value",
    )
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.assistants.list(extra_headers={"OpenAI-Beta": "assistants=v1"}),
        400,
        "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'. See the migration guide for more information: https://platform.openai.com/docs/assistants/migration.",
        None,
        "invalid_beta",
    )
    expect_error(openai.NotFoundError, lambda: c.get("/nope", cast_to=object), 404, "Invalid URL (GET /v1/nope)")
    expect_error(openai.NotFoundError, lambda: c.beta.threads.runs.retrieve("run_nope", thread_id="thread_nope"), 404, "No thread found with id 'thread_nope'.")
    expect_error(
        openai.AuthenticationError,
        lambda: c.beta.assistants.list(extra_headers={"Authorization": openai.Omit()}),
        401,
        NO_KEY,
    )
    # Another key does not see this key's objects.
    a = c.beta.assistants.create(model="gpt-4o")
    other = client_for("someone-else")
    expect_error(openai.NotFoundError, lambda: other.beta.assistants.retrieve(a.id), 404, f"No assistant found with id '{a.id}'.")


# --- Runs with polling ----------------------------------------------------------------------------


@check
def create_and_poll_follows_poll_after_header(c: OpenAI) -> None:
    seen: List[Any] = []
    c = c.with_options(http_client=openai.DefaultHttpxClient(event_hooks={"response": [seen.append]}))
    a = c.beta.assistants.create(model="gpt-4o", name="수학 선생님", tools=[{"type": "code_interpreter"}])
    question = "413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?"
    t = c.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = c.beta.threads.runs.create_and_poll(thread_id=t.id, assistant_id=a.id)
    eq((run.status, run.thread_id, run.assistant_id, run.tools[0].type, run.last_error), ("completed", t.id, a.id, "code_interpreter", None))
    eq((type(run.completed_at), type(run.usage.total_tokens)), (int, int), "types")
    eq(run.usage.total_tokens, run.usage.prompt_tokens + run.usage.completion_tokens, "usage")
    polls = [r for r in seen if r.request.method == "GET" and r.request.url.path.endswith(f"/runs/{run.id}")]
    if not polls:
        raise AssertionError("create_and_poll never retrieved the run")
    for response in polls:
        after = response.headers.get("openai-poll-after-ms", "")
        if not (after.isdigit() and 1 <= int(after) <= 1000):
            raise AssertionError(f"openai-poll-after-ms: {after!r}")
        eq(response.request.headers.get("x-stainless-poll-helper"), "true", "poll helper header")
    steps = c.beta.threads.runs.steps.list(run.id, thread_id=t.id, order="asc").data
    eq([(s.type, s.status) for s in steps], [("message_creation", "completed"), ("tool_calls", "completed"), ("message_creation", "completed")])
    code = steps[1].step_details.tool_calls[0]
    eq((code.type, code.code_interpreter.outputs[0].type, code.code_interpreter.outputs[0].logs), ("code_interpreter", "logs", "(433, 81182737)"))
    messages = c.beta.threads.messages.list(t.id, order="asc").data
    eq([m.role for m in messages], ["user", "assistant", "assistant"])
    eq(text_of(messages[2]), "413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째로 작은 소수는 433이고, 433^3 = 81,182,737 입니다.")
    eq({(m.run_id, m.assistant_id) for m in messages[1:]}, {(run.id, a.id)}, "run and assistant on answers")


@check
def create_and_run_poll(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    run = c.beta.threads.create_and_run_poll(assistant_id=a.id, thread={"messages": [{"role": "user", "content": "Say hello."}]})
    eq(run.status, "completed")
    answer = c.beta.threads.messages.list(run.thread_id, limit=1).data[0]
    eq((answer.role, text_of(answer), answer.run_id), ("assistant", "Hello from the mock! How can I help you today?", run.id))
    eq([r.id for r in c.beta.threads.runs.list(run.thread_id)], [run.id], "runs list")


@check
def submit_tool_outputs_and_poll(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK", tools=[function_tool("get_weather")])
    t = c.beta.threads.create(messages=[{"role": "user", "content": "What is the weather in Seoul?"}])
    run = c.beta.threads.runs.create_and_poll(thread_id=t.id, assistant_id=a.id)
    eq((run.status, run.required_action.type), ("requires_action", "submit_tool_outputs"))
    [call] = run.required_action.submit_tool_outputs.tool_calls
    eq((call.id[:5], call.type, call.function.name, json.loads(call.function.arguments)), ("call_", "function", "get_weather", {"city": "Seoul", "unit": "celsius"}))
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.runs.submit_tool_outputs(run.id, thread_id=t.id, tool_outputs=[{"tool_call_id": "call_wrong", "output": "x"}]),
        400,
        f"Expected tool outputs for call_ids ['{call.id}'], got ['call_wrong']",
    )
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.messages.create(t.id, role="user", content="hurry"),
        400,
        f"Can't add messages to {t.id} while a run {run.id} is active.",
    )
    done = c.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=t.id, tool_outputs=[{"tool_call_id": call.id, "output": "22°C and sunny"}]
    )
    eq((done.status, done.required_action), ("completed", None))
    eq(text_of(c.beta.threads.messages.list(t.id, limit=1).data[0]), "It is 22°C and sunny in Seoul.")
    function_step = c.beta.threads.runs.steps.list(run.id, thread_id=t.id, order="asc").data[0]
    eq(function_step.step_details.tool_calls[0].function.output, "22°C and sunny", "output on the step")
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.runs.submit_tool_outputs(run.id, thread_id=t.id, tool_outputs=[{"tool_call_id": call.id, "output": "again"}]),
        400,
        'Runs in status "completed" do not accept tool outputs.',
    )


@check
def parallel_tool_calls(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="Quiz master", tools=[function_tool("display_quiz")])
    t = c.beta.threads.create(messages=[{"role": "user", "content": "수학 퀴즈를 내 주세요."}])
    run = c.beta.threads.runs.create_and_poll(thread_id=t.id, assistant_id=a.id)
    eq(run.status, "requires_action")
    calls = run.required_action.submit_tool_outputs.tool_calls
    eq([(x.function.name, json.loads(x.function.arguments)["title"]) for x in calls], [("display_quiz", "수학 퀴즈"), ("display_quiz", "퀴즈 피드백")])
    eq(len({x.id for x in calls}), 2, "distinct call ids")
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.runs.submit_tool_outputs(run.id, thread_id=t.id, tool_outputs=[{"tool_call_id": calls[0].id, "output": "4"}]),
        400,
        f"Expected tool outputs for call_ids ['{calls[0].id}', '{calls[1].id}'], got ['{calls[0].id}']",
    )
    done = c.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=t.id, tool_outputs=[{"tool_call_id": calls[0].id, "output": "4"}, {"tool_call_id": calls[1].id, "output": "7"}]
    )
    eq(done.status, "completed")
    eq(text_of(c.beta.threads.messages.list(t.id, limit=1).data[0]), "답변 고마워요: 4\n7")


@check
def cancel_a_run(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    t = c.beta.threads.create(messages=[{"role": "user", "content": "Please take your time."}])
    run = c.beta.threads.runs.create(thread_id=t.id, assistant_id=a.id)
    eq(run.status, "queued")
    expect_error(
        openai.BadRequestError,
        lambda: c.beta.threads.runs.create(thread_id=t.id, assistant_id=a.id),
        400,
        f"Thread {t.id} already has an active run {run.id}.",
    )
    eq(c.beta.threads.runs.cancel(run.id, thread_id=t.id).status, "cancelling")
    final = c.beta.threads.runs.poll(run.id, t.id)
    eq((final.status, type(final.cancelled_at), final.completed_at), ("cancelled", int, None))
    expect_error(openai.BadRequestError, lambda: c.beta.threads.runs.cancel(run.id, thread_id=t.id), 400, "Cannot cancel run with status 'cancelled'.")
    eq(c.beta.threads.messages.create(t.id, role="user", content="never mind").role, "user", "thread free again")


# --- Streaming ------------------------------------------------------------------------------------


@check
def stream_with_event_handler(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    t = c.beta.threads.create(messages=[{"role": "user", "content": "Say hello."}])
    handler = Recorder()
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=handler) as stream:
        stream.until_done()
        final_run = stream.get_final_run()
        final_messages = stream.get_final_messages()
    words = ["Hello", " from", " the", " mock!", " How", " can", " I", " help", " you", " today?"]
    eq(handler.events, [*RUN_START, *message_step_events(len(words)), "thread.run.completed"], "events")
    eq(handler.text_deltas_seen, words, "on_text_delta")
    eq(handler.texts_done, ["Hello from the mock! How can I help you today?"], "on_text_done")
    eq(handler.steps_done, [("message_creation", "completed")], "on_run_step_done")
    eq((handler.tools_created, handler.exceptions), ([], []))
    eq(final_run.status, "completed")
    eq(dump(final_run), dump(c.beta.threads.runs.retrieve(final_run.id, thread_id=t.id)), "final run = retrieve")
    eq([dump(m) for m in final_messages], [dump(c.beta.threads.messages.list(t.id, limit=1).data[0])], "final messages = list")


@check
def stream_parallel_tool_calls_then_submit_stream(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK", tools=[function_tool("get_weather")])
    t = c.beta.threads.create(messages=[{"role": "user", "content": "What is the weather in two cities?"}])
    first = Recorder()
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=first) as stream:
        stream.until_done()
        run = stream.get_final_run()
    eq(run.status, "requires_action")
    eq(first.events[:5], [*RUN_START, "thread.run.step.created", "thread.run.step.in_progress"], "first events")
    eq(first.events[-1], "thread.run.requires_action", "last event")
    eq(first.tools_created, [("function", "get_weather"), ("function", "get_weather")], "on_tool_call_created")
    eq([(x.id, json.loads(x.function.arguments)) for x in first.tools_done], [(x.id, json.loads(x.function.arguments)) for x in run.required_action.submit_tool_outputs.tool_calls], "on_tool_call_done = required_action")
    eq([json.loads(x.function.arguments) for x in first.tools_done], [{"city": "Seoul"}, {"city": "Busan"}])
    eq(first.steps_done, [], "no step done while waiting for outputs")

    calls = run.required_action.submit_tool_outputs.tool_calls
    second = Recorder()
    with c.beta.threads.runs.submit_tool_outputs_stream(
        run_id=run.id,
        thread_id=t.id,
        tool_outputs=[{"tool_call_id": calls[0].id, "output": "18°C"}, {"tool_call_id": calls[1].id, "output": "21°C"}],
        event_handler=second,
    ) as stream:
        stream.until_done()
        final = stream.get_final_run()
        messages = stream.get_final_messages()
    eq(second.events[:4], ["thread.run.step.completed", "thread.run.queued", "thread.run.in_progress", "thread.run.step.created"], "resumed events")
    eq(second.steps_done, [("tool_calls", "completed"), ("message_creation", "completed")], "on_run_step_done")
    eq([x.function.output for x in second.step_snapshots[0].step_details.tool_calls], ["18°C", "21°C"], "outputs on the step")
    eq((final.status, [text_of(m) for m in messages]), ("completed", ["Seoul and Busan: 18°C\n21°C"]))
    eq("".join(second.text_deltas_seen), "Seoul and Busan: 18°C\n21°C", "text deltas")


@check
def stream_code_interpreter(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="Tutor", tools=[{"type": "code_interpreter"}])
    t = c.beta.threads.create(messages=[{"role": "user", "content": "피보나치 수 20개를 구해 줘"}])
    handler = Recorder()
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=handler) as stream:
        stream.until_done()
    code = handler.tools_done[0]
    eq(handler.tools_created, [("code_interpreter", "")])
    eq(code.code_interpreter.input, "".join(d.code_interpreter.input or "" for d in handler.tool_deltas), "input = its deltas")
    eq(code.code_interpreter.input.splitlines()[0], "def fibonacci(n):")
    eq([(o.type, o.logs) for o in code.code_interpreter.outputs], [("logs", "[0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181]")])
    eq(handler.steps_done, [("tool_calls", "completed"), ("message_creation", "completed")])
    stored = c.beta.threads.runs.steps.list(stream.get_final_run().id, thread_id=t.id, order="asc").data[0].step_details.tool_calls[0]
    eq((stored.id, stored.code_interpreter.input), (code.id, code.code_interpreter.input), "streamed call = stored call")


@check
def create_and_run_stream_text_deltas(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    with c.beta.threads.create_and_run_stream(assistant_id=a.id, thread={"messages": [{"role": "user", "content": "Say hello."}]}) as stream:
        text = "".join(stream.text_deltas)
        run = stream.get_final_run()
        thread_id = stream.current_run.thread_id
    eq((text, run.status), ("Hello from the mock! How can I help you today?", "completed"))
    eq(c.beta.threads.retrieve(thread_id).id, run.thread_id)
    eq([m.role for m in c.beta.threads.messages.list(thread_id)], ["assistant", "user"])


@check
def abandoned_stream_leaves_the_run_going(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    t = c.beta.threads.create(messages=[{"role": "user", "content": "Say hello."}])
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id) as stream:
        run_id = next(iter(stream)).data.id  # thread.run.created; leaving the block closes the connection
    eq(c.beta.threads.runs.poll(run_id, t.id).status, "completed", "the run carries on")
    eq(text_of(c.beta.threads.messages.list(t.id, limit=1).data[0]), "Hello from the mock! How can I help you today?")


@check
def stream_iterates_events_and_raises_error_event(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    t = c.beta.threads.create(messages=[{"role": "user", "content": "Please speak slowly."}])
    handler = Recorder()
    seen: List[str] = []
    error: Any = None
    run_id = ""
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=handler) as stream:
        try:
            for event in stream:
                seen.append(event.event)
                if event.event == "thread.run.created":
                    run_id = event.data.id
                if event.event == "thread.message.delta" and seen.count(event.event) == 1:
                    c.beta.threads.delete(t.id)  # the run goes with its thread, under the open stream
        except openai.APIError as raised:
            error = raised
    eq(type(error), openai.APIError, "error class")
    eq(error.body, {"message": f"No run found with id '{run_id}'.", "type": "invalid_request_error", "param": None, "code": None}, "error event body")
    eq(error.message, f"No run found with id '{run_id}'.")
    eq(seen[-1], "thread.message.delta", "last event before the error")
    eq(handler.exceptions, [error], "on_exception")


@check
def failed_and_incomplete_runs_streamed_and_polled(c: OpenAI) -> None:
    a = c.beta.assistants.create(model="gpt-4o", name="PySDK")
    endings = [
        ("Please break down.", "Let me try.", "thread.run.failed", "failed"),
        ("A very long answer please.", "This answer is cut", "thread.run.incomplete", "incomplete"),
    ]
    for message, said, last_event, status in endings:
        t = c.beta.threads.create(messages=[{"role": "user", "content": message}])
        handler = Recorder()
        with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=handler) as stream:
            stream.until_done()
            run = stream.get_final_run()
        eq((handler.events[-1], handler.texts_done, run.status), (last_event, [said], status), message)
        polled = c.beta.threads.create_and_run_poll(assistant_id=a.id, thread={"messages": [{"role": "user", "content": message}]})
        eq((polled.status, polled.last_error, polled.incomplete_details), (run.status, run.last_error, run.incomplete_details), "polled = streamed")
        if status == "failed":
            eq((run.last_error.code, run.last_error.message, type(run.failed_at)), ("rate_limit_exceeded", "The model is overloaded.", int))
        else:
            eq((run.incomplete_details.reason, run.last_error), ("max_completion_tokens", None))


@check
def async_client_streams_and_pages(c: OpenAI) -> None:
    async def main() -> None:
        ac = AsyncOpenAI(base_url=BASE_URL, api_key=c.api_key, max_retries=0, _strict_response_validation=True)
        a = await ac.beta.assistants.create(model="gpt-4o", name="PySDK")
        t = await ac.beta.threads.create(messages=[{"role": "user", "content": "Say hello."}])
        deltas: List[str] = []

        class Handler(AsyncAssistantEventHandler):
            async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
                deltas.append(delta.value)

        async with ac.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, event_handler=Handler()) as stream:
            await stream.until_done()
            run = await stream.get_final_run()
        eq((run.status, "".join(deltas)), ("completed", "Hello from the mock! How can I help you today?"))
        for i in range(22):
            await ac.beta.threads.messages.create(t.id, role="user", content=f"more {i}")
        eq(len([m async for m in ac.beta.threads.messages.list(t.id)]), 24, "async auto-paging")
        await ac.close()

    asyncio.run(main())


# --- Files and vector stores ----------------------------------------------------------------------


@check
def files_upload_content_list_delete(c: OpenAI) -> None:
    folder = pathlib.Path(tempfile.mkdtemp(prefix="assistants-mock-py-"))
    path = folder / "fox.txt"
    path.write_bytes(b"The quick brown fox.\n")
    with open(path, "rb") as handle:
        from_handle = c.files.create(file=handle, purpose="assistants")
    eq((from_handle.object, from_handle.id[:5], from_handle.filename, from_handle.bytes, from_handle.purpose, from_handle.status), ("file", "file-", "fox.txt", 21, "assistants", "processed"))
    from_tuple = c.files.create(file=("데이터.csv", "a,b\n1,2\n".encode(), "text/csv"), purpose="batch")
    eq((from_tuple.filename, from_tuple.bytes), ("데이터.csv", 8))
    from_path = c.files.create(file=path, purpose="user_data")
    eq((from_path.filename, from_path.bytes), ("fox.txt", 21))
    every_byte = bytes(range(256)) * 4096  # 1 MiB of every byte value, CR and LF included
    binary = c.files.create(file=("blob.bin", io.BytesIO(every_byte)), purpose="batch")
    eq(binary.bytes, len(every_byte))
    eq(dump(c.files.retrieve(from_tuple.id)), dump(from_tuple), "retrieve")
    # httpx writes `"` as %22 and a backslash as `\\` in the part's filename; the name must come back as given.
    odd = c.files.create(file=('a "quoted" back\\slash.txt', b"x"), purpose="user_data")
    eq(odd.filename, 'a "quoted" back\\slash.txt', "filename with a quote and a backslash")
    c.files.delete(odd.id)

    content = c.files.content(from_tuple.id)
    eq((content.read(), content.response.headers["content-type"]), ("a,b\n1,2\n".encode(), "application/octet-stream"))
    eq(c.files.content(binary.id).content, every_byte, "binary round trip")
    c.files.content(binary.id).write_to_file(folder / "copy.bin")
    eq((folder / "copy.bin").read_bytes(), every_byte, "write_to_file")
    expect_error(openai.BadRequestError, lambda: c.files.content(from_handle.id), 400, "Not allowed to download files of purpose: assistants")

    eq([f.id for f in c.files.list(limit=2)], [binary.id, from_path.id, from_tuple.id, from_handle.id], "auto-paging with limit=2")
    eq([f.id for f in c.files.list(purpose="batch")], [binary.id, from_tuple.id], "purpose filter")
    deleted = c.files.delete(from_tuple.id)
    eq((deleted.id, deleted.object, deleted.deleted), (from_tuple.id, "file", True))
    expect_error(openai.NotFoundError, lambda: c.files.retrieve(from_tuple.id), 404, f"No such File object: {from_tuple.id}", "id")
    expect_error(
        openai.BadRequestError,
        lambda: c.files.create(file=("x.txt", b"x"), purpose="nonsense"),  # type: ignore[arg-type]
        400,
        "Invalid value: 'nonsense'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data', and 'evals'.",
        "purpose",
        "invalid_value",
    )


@check
def rejected_upload_leaves_the_connection_usable(c: OpenAI) -> None:
    # The 401 comes before the server reads the 2 MiB body; httpx sends it whole, reads the answer, and
    # puts the keep-alive connection back in its pool, where the next request picks it up.
    big = ("big.bin", b"x" * (2 * 1024 * 1024))
    expect_error(openai.AuthenticationError, lambda: c.files.create(file=big, purpose="batch", extra_headers={"Authorization": openai.Omit()}), 401, NO_KEY)
    eq(c.files.list().data, [], "the next request, on the same connection")


@check
def vector_store_batches_and_search(c: OpenAI) -> None:
    store, ids = upload_policies(c)
    eq((store.object, store.id[:3], store.name), ("vector_store", "vs_", "Policies"))
    batch_files = c.vector_stores.files.list(store.id)
    eq(sorted(f.id for f in batch_files), sorted(ids.values()), "files in the store")
    eq({f.status for f in batch_files}, {"completed"}, "file statuses")
    stored = c.vector_stores.retrieve(store.id)
    eq((stored.status, stored.file_counts.completed, stored.file_counts.total, type(stored.usage_bytes)), ("completed", 2, 2, int))
    results = c.vector_stores.search(store.id, query="refund within thirty days")
    top = results.data[0]
    eq((top.file_id, top.filename, top.content[0].type), (ids["refund.txt"], "refund.txt", "text"), "top result")
    if not (0 < top.score <= 1) or "thirty days" not in top.content[0].text:
        raise AssertionError(f"top result: {top!r}")
    eq(len(c.vector_stores.search(store.id, query="ship days", max_num_results=1).data), 1, "max_num_results")
    one = c.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=("extra.txt", b"Gift cards never expire."))
    eq((one.status, one.vector_store_id), ("completed", store.id))
    eq(c.vector_stores.retrieve(store.id).file_counts.completed, 3, "after upload_and_poll")


@check
def file_search_run_cites_the_uploaded_file(c: OpenAI) -> None:
    store, ids = upload_policies(c)
    a = c.beta.assistants.create(
        model="gpt-4o", name="PyLibrarian", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}}
    )
    run = c.beta.threads.create_and_run_poll(assistant_id=a.id, thread={"messages": [{"role": "user", "content": "What is the refund policy?"}]})
    eq(run.status, "completed")
    text = c.beta.threads.messages.list(run.thread_id, limit=1).data[0].content[0].text
    [citation] = text.annotations
    eq((citation.type, citation.file_citation.file_id), ("file_citation", ids["refund.txt"]))
    eq(text.value, f"Refunds are accepted within 30 days of purchase{citation.text}.")
    eq(text.value[citation.start_index : citation.end_index], citation.text, "cited span")
    if not citation.text.endswith("†refund.txt】"):
        raise AssertionError(f"citation text: {citation.text!r}")

    steps = c.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id, order="asc").data
    search = steps[0].step_details.tool_calls[0]
    eq((search.type, search.file_search.results[0].file_id, search.file_search.results[0].content), ("file_search", ids["refund.txt"], None))
    with_content = c.beta.threads.runs.steps.retrieve(steps[0].id, thread_id=run.thread_id, run_id=run.id, include=[INCLUDE_CONTENT])
    included = with_content.step_details.tool_calls[0].file_search.results[0].content[0]
    eq((included.type, included.text), ("text", REFUND_TEXT.decode().strip()), "included content")
    listed = c.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id, order="asc", include=[INCLUDE_CONTENT]).data[0]
    eq(dump(listed), dump(with_content), "list with include = retrieve with include")

    # The same include on a streamed run: the step events carry the result text.
    t = c.beta.threads.create(messages=[{"role": "user", "content": "And the refund policy again?"}])
    handler = Recorder()
    with c.beta.threads.runs.stream(thread_id=t.id, assistant_id=a.id, include=[INCLUDE_CONTENT], event_handler=handler) as stream:
        stream.until_done()
    streamed = handler.step_snapshots[0].step_details.tool_calls[0].file_search.results[0]
    eq((streamed.file_id, streamed.content[0].text), (ids["refund.txt"], REFUND_TEXT.decode().strip()), "streamed step with include")
    # The SDK builds the text from its deltas, annotations included (each delta's carry an `index`).
    built = handler.text_snapshot
    final = stream.get_final_messages()[0].content[0].text
    eq((built.value, [(x.type, x.text, x.start_index, x.end_index, x.file_citation.file_id) for x in built.annotations]),
       (final.value, [(x.type, x.text, x.start_index, x.end_index, x.file_citation.file_id) for x in final.annotations]), "text built from deltas")


def run_checks(names: List[str]) -> int:
    chosen = [fn for fn in CHECKS if not names or fn.__name__ in names]
    unknown = set(names) - {fn.__name__ for fn in CHECKS}
    if unknown:
        print(f"unknown checks: {sorted(unknown)}")
        return 2
    passed = failed = 0
    for fn in chosen:
        try:
            fn(client_for(fn.__name__.replace("_", "-")))
        except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
            failed += 1
            print(f"FAIL {fn.__name__}\n{traceback.format_exc()}", flush=True)
        else:
            passed += 1
            print(f"ok   {fn.__name__}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    if sys.argv[1] == "--list":
        if not hasattr(OpenAI(api_key="sk-none").beta, "assistants"):
            print(f"openai {openai.__version__} has no client.beta.assistants", file=sys.stderr)
            sys.exit(3)
        print("\n".join(fn.__name__ for fn in CHECKS))
        sys.exit(0)
    BASE_URL = sys.argv[1]
    sys.exit(run_checks(sys.argv[2:]))
