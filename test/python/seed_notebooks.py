"""The two seed notebooks (../shared/seeds/000_*.txt and 002_*.txt), cell by cell, through the official Python SDK.

Usage: python seed_notebooks.py BASE_URL [FLOW ...]   (run in a folder holding Hamlet_KOR.pdf)
       python seed_notebooks.py --list                (the flow names; fails if the SDK lacks beta.assistants)

The server is started with `--fixtures test/python/seed_scenarios.yaml --fixtures packages/fixtures/scenarios`.
Each flow runs its notebook cells' own code in order (only the client's base_url differs, and
`client.beta.vector_stores`, which openai-python 2.x moved to `client.vector_stores`) and compares every
object a cell printed with the seed's output: the same fields with values of the same type, equal where
the seed's value is not an id or a timestamp (those are compared by form). Prints one line per flow,
then `N passed, N failed`.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import time
import traceback
import uuid
import warnings
from typing import Any, Callable, List

import openai
from openai import OpenAI

warnings.simplefilter("ignore", DeprecationWarning)

BASE_URL = ""
RUN_ID = uuid.uuid4().hex[:8]
FLOWS: List[Callable[[OpenAI], None]] = []


def flow(fn: Callable[[OpenAI], None]) -> Callable[[OpenAI], None]:
    FLOWS.append(fn)
    return fn


class Id:
    """A value the seed shows as an id: compared by its prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix


class Ts:
    """A Unix timestamp in seconds: an int."""


class Type:
    """A value that varies between sessions (a status mid-run, an id inside text): compared by type."""

    def __init__(self, *types: type) -> None:
        self.types = types


class Known:
    """Where this server knowingly answers otherwise than the seed, with the reason."""

    def __init__(self, seed: Any, ours: Any, why: str) -> None:
        self.seed, self.ours, self.why = seed, ours, why


TS = Ts()
# Seed notebook 000 printed messages with `status=None`, `completed_at=None`: the SDK's rendering of
# fields the service left out then. The spec requires them and streaming needs them; this server sends them.
MSG_STATUS = Known(None, "completed", "the spec's MessageObject requires status; streamed messages carry it")
MSG_COMPLETED_AT = Known(None, TS, "a run's message reports when it completed, as the spec and streamed messages have it")


def like(actual: Any, expected: Any, path: str = "$") -> None:
    """Fails unless `actual` has the seed's fields and values (ids and timestamps by form)."""
    if isinstance(expected, Id):
        if not (isinstance(actual, str) and actual.startswith(expected.prefix)):
            raise AssertionError(f"{path}: expected an id starting {expected.prefix!r}, got {actual!r}")
    elif isinstance(expected, Ts):
        if not (isinstance(actual, int) and not isinstance(actual, bool) and actual > 1_000_000_000):
            raise AssertionError(f"{path}: expected a Unix timestamp, got {actual!r}")
    elif isinstance(expected, Type):
        if not isinstance(actual, expected.types):
            raise AssertionError(f"{path}: expected a {expected.types}, got {actual!r}")
    elif isinstance(expected, Known):
        like(actual, expected.ours, path)
    elif isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise AssertionError(f"{path}: expected an object, got {actual!r}")
        missing = [key for key in expected if key not in actual]
        if missing:
            raise AssertionError(f"{path}: fields {missing} missing from {sorted(actual)}")
        for key, value in expected.items():
            like(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise AssertionError(f"{path}: expected {len(expected)} items, got {actual!r}")
        for index, (a, e) in enumerate(zip(actual, expected)):
            like(a, e, f"{path}[{index}]")
    else:
        if type(actual) is not type(expected) or actual != expected:
            raise AssertionError(f"{path}: expected {expected!r} ({type(expected).__name__}), got {actual!r} ({type(actual).__name__})")


def dump(obj: Any) -> Any:
    """What the seed's `show_json` printed: the model as JSON."""
    return json.loads(obj.model_dump_json())


def printed(fn: Callable[[], Any]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
    return out.getvalue()


def new_client(name: str) -> OpenAI:
    return OpenAI(base_url=BASE_URL, api_key=f"sk-seed-{RUN_ID}-{name}", max_retries=0)


def settle(client: OpenAI, thread: Any, run: Any) -> Any:
    """Waits as the notebook's author did between cells (their `wait_on_run`)."""
    while run.status in ("queued", "in_progress"):
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        time.sleep(0.05)
    return run


def message(role: str, text: str, annotations: Any = None, run: bool = False) -> dict:
    return {
        "id": Id("msg_"),
        "assistant_id": Id("asst_") if run else None,
        "attachments": [],
        "completed_at": MSG_COMPLETED_AT if run else None,
        "content": [{"text": {"annotations": annotations or [], "value": text}, "type": "text"}],
        "created_at": TS,
        "incomplete_at": None,
        "incomplete_details": None,
        "metadata": {},
        "object": "thread.message",
        "role": role,
        "run_id": Id("run_") if run else None,
        "status": MSG_STATUS,
        "thread_id": Id("thread_"),
    }


def citation(marker: str, start: int, end: int) -> dict:
    return {"end_index": end, "file_citation": {"file_id": Id("file-")}, "start_index": start, "text": marker, "type": "file_citation"}


def run_object(model: str, instructions: str, status: Any, tools: list, temperature: float = 1.0, **fields: Any) -> dict:
    base = {
        "id": Id("run_"), "assistant_id": Id("asst_"), "cancelled_at": None, "completed_at": None, "created_at": TS,
        "expires_at": TS, "failed_at": None, "incomplete_details": None, "instructions": instructions, "last_error": None,
        "max_completion_tokens": None, "max_prompt_tokens": None, "metadata": {}, "model": model, "object": "thread.run",
        "parallel_tool_calls": True, "required_action": None, "response_format": "auto", "started_at": None, "status": status,
        "thread_id": Id("thread_"), "tool_choice": "auto", "tools": tools,
        "truncation_strategy": {"type": "auto", "last_messages": None}, "usage": None, "temperature": temperature,
        "top_p": 1.0, "tool_resources": {}, "reasoning_effort": None,
    }
    base.update(fields)
    return base


USAGE = {"completion_tokens": Type(int), "prompt_tokens": Type(int), "total_tokens": Type(int),
         "prompt_token_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}
FILE_SEARCH_TOOL = {"type": "file_search", "file_search": {"max_num_results": None, "ranking_options": {"score_threshold": 0.0, "ranker": "default_2024_08_21"}}}


def step_object(kind: str, details: dict) -> dict:
    return {
        "id": Id("step_"), "assistant_id": Id("asst_"), "cancelled_at": None, "completed_at": TS, "created_at": TS,
        "expired_at": None, "failed_at": None, "last_error": None, "metadata": None, "object": "thread.run.step",
        "run_id": Id("run_"), "status": "completed", "step_details": details, "thread_id": Id("thread_"), "type": kind,
        "usage": USAGE, "expires_at": None,
    }


# --- notebook 000: the Korean hands-on tour (openai 1.61) ------------------------------------------

MATH_INSTRUCTIONS = "이 문제룰 풀기 위한 수학적인 배경 지식을 먼저 알려주세요. 파이썬 코드를 사용해 주어진 문제를 해결하고, 풀이과정을 자세히 설명하세요.."
MATH_QUESTION = "413보다 큰 소수 중 네번째로 작은 소수의 세제곱수는 무엇입니까?"
ROLEPLAY_INSTRUCTIONS = """당신은 문학 속의 인물이 되어, 사용자와 롤 플레이를 해야 합니다.
주어진 문서에 있는 해당 인물의 말투와 스타일을 참고하여, 실감나고 사실적으로 답변하세요.
인물의 극중 말투와 최대한 유사하게 답변하세요. """


class Notebook000:
    """The helper functions the notebook defines (cells 6, 7, 8, 11, 15, 62), bound to a client."""

    def __init__(self, client: OpenAI) -> None:
        self.client = client

    def create_thread(self, message: str) -> Any:
        return self.client.beta.threads.create(messages=[{"role": "user", "content": message}])

    def create_run(self, thread: Any, assistant: Any) -> Any:
        return self.client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)

    def get_run_status(self, thread: Any, run: Any) -> Any:
        return self.client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)

    def list_threads_messages(self, thread: Any, print_content: bool = True) -> Any:
        messages = self.client.beta.threads.messages.list(thread_id=thread.id)
        if print_content:
            for i in range(len(messages.data), 0, -1):
                print(messages.data[i - 1].role)
                print(messages.data[i - 1].content[0].text.value)
                print("---")
        return messages.data

    def add_thread_message(self, thread: Any, message: str) -> Any:
        thread_message = self.client.beta.threads.messages.create(thread_id=thread.id, role="user", content=message)
        print(thread_message)
        return thread_message


@flow
def nb000_math_tutor(_: OpenAI) -> None:
    client = new_client("math")
    nb = Notebook000(client)
    # In [4]
    math_assistant = client.beta.assistants.create(
        name="수학 선생님", instructions=MATH_INSTRUCTIONS, tools=[{"type": "code_interpreter"}], model="gpt-4o", temperature=0.2
    )
    like(dump(math_assistant), {
        "id": Id("asst_"), "created_at": TS, "description": None, "instructions": MATH_INSTRUCTIONS, "metadata": {}, "model": "gpt-4o",
        "name": "수학 선생님", "object": "assistant", "tools": [{"type": "code_interpreter"}], "response_format": "auto", "temperature": 0.2,
        "tool_resources": {"code_interpreter": {"file_ids": []}, "file_search": None}, "top_p": 1.0, "reasoning_effort": None,
    })
    # In [6]
    math_thread = nb.create_thread(MATH_QUESTION)
    like(dump(math_thread), {"id": Id("thread_"), "created_at": TS, "metadata": {}, "object": "thread", "tool_resources": {"code_interpreter": None, "file_search": None}})
    # In [7]
    math_run = nb.create_run(math_thread, math_assistant)
    like(dump(math_run), run_object("gpt-4o", MATH_INSTRUCTIONS, "queued", [{"type": "code_interpreter"}], temperature=0.2))
    if math_run.expires_at != math_run.created_at + 600:
        raise AssertionError(f"expires_at {math_run.expires_at} is not created_at + 600 (the seed's 1738734434 - 1738733834)")
    # In [8]: the seed caught the run in_progress; later reads find it done.
    status = nb.get_run_status(math_thread, math_run)
    like(dump(status), run_object("gpt-4o", MATH_INSTRUCTIONS, Type(str), [{"type": "code_interpreter"}], temperature=0.2,
                                  started_at=TS, expires_at=Type(int, type(None)), completed_at=Type(int, type(None)), usage=Type(dict, type(None))))
    settle(client, math_thread, math_run)
    # In [9], [10], [11]
    out = printed(lambda: nb.list_threads_messages(math_thread))
    texts = [m.content[0].text.value for m in reversed(client.beta.threads.messages.list(thread_id=math_thread.id).data)]
    if [line for line in out.split("\n") if line in ("user", "assistant")] != ["user", "assistant", "assistant"]:
        raise AssertionError(f"cell 11 printed:\n{out}")
    math_messages = nb.list_threads_messages(math_thread, print_content=False)
    like([dump(m) for m in math_messages], [
        message("assistant", texts[2], run=True), message("assistant", texts[1], run=True), message("user", MATH_QUESTION),
    ])
    if "433" not in texts[2] or "81,182,737" not in texts[2]:
        raise AssertionError(f"the answer: {texts[2]!r}")
    # In [12] .. [15]: run steps, newest first
    math_run_steps = client.beta.threads.runs.steps.list(thread_id=math_thread.id, run_id=math_run.id)
    code = math_run_steps.data[1].step_details.tool_calls[0].code_interpreter.input
    like([dump(s) for s in math_run_steps.data], [
        step_object("message_creation", {"message_creation": {"message_id": Id("msg_")}, "type": "message_creation"}),
        step_object("tool_calls", {"tool_calls": [{"id": Id("call_"), "code_interpreter": {"input": code, "outputs": []}, "type": "code_interpreter"}], "type": "tool_calls"}),
        step_object("message_creation", {"message_creation": {"message_id": Id("msg_")}, "type": "message_creation"}),
    ])
    out = printed(lambda: [print(math_run_steps.data[i - 1].step_details.tool_calls[0].code_interpreter.input) for i in range(len(math_run_steps.data), 0, -1) if math_run_steps.data[i - 1].step_details.type == "tool_calls"])
    if not out.startswith("from sympy import isprime\n\n# 413보다 큰 소수 중 네 번째로 작은 소수를 찾기"):
        raise AssertionError(f"cell 14 printed:\n{out}")


@flow
def nb000_hamlet_file_search(_: OpenAI) -> None:
    client = new_client("hamlet")
    nb = Notebook000(client)
    # In [16] (`client.beta.vector_stores` in openai 1.61; openai 2.x has it as `client.vector_stores`)
    hamlet = client.vector_stores.create(name="햄릿")
    file_streams = [open("./Hamlet_KOR.pdf", "rb")]
    file_batch = client.vector_stores.file_batches.upload_and_poll(vector_store_id=hamlet.id, files=file_streams)
    out = printed(lambda: (print(file_batch.status), print(file_batch.file_counts)))
    like(out, "completed\nFileCounts(cancelled=0, completed=1, failed=0, in_progress=0, total=1)\n")
    # In [17]: the store as create returned it
    like(dump(hamlet), {
        "id": Id("vs_"), "created_at": TS, "file_counts": {"cancelled": 0, "completed": 0, "failed": 0, "in_progress": 0, "total": 0},
        "last_active_at": TS, "metadata": {}, "name": "햄릿", "object": "vector_store", "status": "completed", "usage_bytes": 0,
        "expires_after": None, "expires_at": None,
    })
    # In [18]
    roleplay_assistant = client.beta.assistants.create(
        name="롤 플레잉 봇", instructions=ROLEPLAY_INSTRUCTIONS, model="gpt-4o-mini", tools=[{"type": "file_search"}], temperature=0.2
    )
    like(dump(roleplay_assistant), {
        "id": Id("asst_"), "created_at": TS, "description": None, "instructions": ROLEPLAY_INSTRUCTIONS, "metadata": {}, "model": "gpt-4o-mini",
        "name": "롤 플레잉 봇", "object": "assistant", "tools": [FILE_SEARCH_TOOL], "response_format": "auto", "temperature": 0.2,
        "tool_resources": {"code_interpreter": None, "file_search": {"vector_store_ids": []}}, "top_p": 1.0, "reasoning_effort": None,
    })
    # In [19]
    roleplay_assistant = client.beta.assistants.update(assistant_id=roleplay_assistant.id, tool_resources={"file_search": {"vector_store_ids": [hamlet.id]}})
    like(dump(roleplay_assistant)["tool_resources"], {"code_interpreter": None, "file_search": {"vector_store_ids": [hamlet.id]}})
    # In [20]
    roleplay_thread = nb.create_thread("오필리아, 당신은 어떻게 죽었나요?")
    out = printed(lambda: nb.list_threads_messages(roleplay_thread))
    like(out, "user\n오필리아, 당신은 어떻게 죽었나요?\n---\n")
    like([dump(m) for m in nb.list_threads_messages(roleplay_thread, False)], [message("user", "오필리아, 당신은 어떻게 죽었나요?")])
    # In [21], [23], [24]
    roleplay_run = nb.create_run(roleplay_thread, roleplay_assistant)
    settle(client, roleplay_thread, roleplay_run)
    like(nb.get_run_status(roleplay_thread, roleplay_run).status, "completed")
    answer = nb.list_threads_messages(roleplay_thread, False)[0]
    value = answer.content[0].text.value
    # The seed's own answer, with the annotations the real service gave it (indices 198..211 and 312..324).
    like(dump(answer), message("assistant", value, [citation("【4:12†source】", 198, 211), citation("【4:4†source】", 312, 324)], run=True))
    for a in answer.content[0].text.annotations:
        like(value[a.start_index:a.end_index], a.text)
    # In [62], [63], [66], [68]: the follow-up on the same thread
    out = printed(lambda: nb.add_thread_message(roleplay_thread, "후회하거나 되돌리고 싶은 것이 있나요?"))
    if not re.fullmatch(r"Message\(id='msg_\w+', assistant_id=None, attachments=\[\], completed_at=None, content=\[TextContentBlock\(text=Text\(annotations=\[\], value='후회하거나 되돌리고 싶은 것이 있나요\?'\), type='text'\)\], created_at=\d+, incomplete_at=None, incomplete_details=None, metadata=\{\}, object='thread.message', role='user', run_id=None, status='completed', thread_id='thread_\w+'\)\n", out):
        raise AssertionError(f"cell 62 printed:\n{out}")
    roleplay_run = nb.create_run(roleplay_thread, roleplay_assistant)
    settle(client, roleplay_thread, roleplay_run)
    like(nb.get_run_status(roleplay_thread, roleplay_run).status, "completed")
    latest = nb.list_threads_messages(roleplay_thread, False)
    like([m.role for m in latest], ["assistant", "user", "assistant", "user"])
    like(dump(latest[0]), message("assistant", latest[0].content[0].text.value, [citation("【4:2†source】", 286, 298)], run=True))


@flow
def nb000_examine_server(_: OpenAI) -> None:
    client = new_client("server")
    nb = Notebook000(client)
    instructions = """당신은 노토랩의 서버 정보를 제공하는 챗봇입니다.
주어진 function의 결과를 활용해 질문에 답하세요.
단순히 결과만을 설명하지 말고, 친절하게 답변하세요.
function 사용이 필요한 경우, 이를 사용자에게 먼저 공지하고 실행하세요.
"""
    description = """데이터 서버가 정상적으로 작동중인지 검사합니다.
      정상이면 1, 비정상이면 -1, 뒤에 비정상인 이유를 반환합니다."""
    # In [69], [70]
    server_assistant = client.beta.assistants.create(
        instructions=instructions, model="gpt-4o-mini", tools=[{"type": "function", "function": {"name": "examine_server", "description": description}}]
    )
    tool = {"function": {"name": "examine_server", "description": description, "parameters": {"type": "object", "properties": {}}, "strict": False}, "type": "function"}
    like(dump(server_assistant), {
        "id": Id("asst_"), "created_at": TS, "description": None, "instructions": instructions, "metadata": {}, "model": "gpt-4o-mini", "name": None,
        "object": "assistant", "tools": [tool], "response_format": "auto", "temperature": 1.0,
        "tool_resources": {"code_interpreter": None, "file_search": None}, "top_p": 1.0,
    })
    # In [71], [72], [81], [82]
    server_thread = nb.create_thread("지금 데이터 서버가 잘 작동중인가요?")
    server_run = nb.create_run(server_thread, server_assistant)
    server_run_status = settle(client, server_thread, server_run)
    like(dump(server_run_status), run_object("gpt-4o-mini", instructions, "requires_action", [tool], started_at=TS, required_action={
        "submit_tool_outputs": {"tool_calls": [{"id": Id("call_"), "function": {"arguments": "{}", "name": "examine_server"}, "type": "function"}]},
        "type": "submit_tool_outputs",
    }))
    # In [78]: the message written before the call
    first = "데이터 서버의 상태를 확인하기 위해 검사해보겠습니다. 잠시만 기다려 주세요. \n\n이제 검사 결과를 실행하겠습니다. "
    like([dump(m) for m in nb.list_threads_messages(server_thread, False)], [message("assistant", first, run=True), message("user", "지금 데이터 서버가 잘 작동중인가요?")])
    # In [83], [84], [85]
    call_id = server_run_status.required_action.submit_tool_outputs.tool_calls[0].id
    server_run = client.beta.threads.runs.submit_tool_outputs(
        thread_id=server_thread.id, run_id=server_run.id, tool_outputs=[{"tool_call_id": call_id, "output": "-1, 서버에 버블티를 쏟음 "}]
    )
    settle(client, server_thread, server_run)
    answer = '현재 데이터 서버가 정상적으로 작동하지 않고 있습니다. 구체적으로는 "서버에 버블티를 쏟음"이라는 문제로 인해 장애가 발생한 상황입니다. \n\n이 문제를 해결하기 위해서는 서버를 청소하거나 복구 작업이 필요할 것 같습니다. 추가적인 도움이 필요하시다면 말씀해 주세요!'
    like([dump(m) for m in nb.list_threads_messages(server_thread, False)], [
        message("assistant", answer, run=True), message("assistant", first, run=True), message("user", "지금 데이터 서버가 잘 작동중인가요?"),
    ])


# --- notebook 002: the Assistants API cookbook in Korean (openai 1.75) -------------------------------

TUTOR_INSTRUCTIONS = "너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘"


def pretty_print(messages: Any) -> None:
    print("# Messages")
    for m in messages:
        print(f"{m.role}: {m.content[0].text.value}")
    print()


@flow
def nb002_math_tutor(_: OpenAI) -> None:
    client = new_client("tutor")
    # In [4]
    assistant = client.beta.assistants.create(name="Math Tutor2", instructions=TUTOR_INSTRUCTIONS, model="gpt-4o")
    like(dump(assistant), {
        "id": Id("asst_"), "created_at": TS, "description": None, "instructions": TUTOR_INSTRUCTIONS, "metadata": {}, "model": "gpt-4o",
        "name": "Math Tutor2", "object": "assistant", "tools": [], "response_format": "auto", "temperature": 1.0,
        "tool_resources": {"code_interpreter": None, "file_search": None}, "top_p": 1.0, "reasoning_effort": None,
    })
    # In [5], [6]
    thread = client.beta.threads.create()
    like(dump(thread), {"id": Id("thread_"), "created_at": TS, "metadata": {}, "object": "thread", "tool_resources": {"code_interpreter": None, "file_search": None}})
    message_obj = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="'방정식 3x + 11 = 14'를 풀어줘")
    like(dump(message_obj), message("user", "'방정식 3x + 11 = 14'를 풀어줘"))
    # In [7], [8], [9]
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    like(dump(run), run_object("gpt-4o", TUTOR_INSTRUCTIONS, "queued", []))

    def wait_on_run(run: Any, thread: Any) -> Any:
        while run.status in ["queued", "in_progress"]:
            run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
            time.sleep(0.05)
        return run

    run = wait_on_run(run, thread)
    like(dump(run), run_object("gpt-4o", TUTOR_INSTRUCTIONS, "completed", [], completed_at=TS, started_at=TS, expires_at=None, usage=USAGE))
    # In [10]
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    like(dump(messages), {
        "data": [message("assistant", "x = 1", run=True), message("user", "'방정식 3x + 11 = 14'를 풀어줘")],
        "has_more": False, "object": "list", "first_id": Id("msg_"), "last_id": Id("msg_"),
    })
    # In [11]
    message_obj = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="설명해 주시겠어요?")
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    wait_on_run(run, thread)
    messages = client.beta.threads.messages.list(thread_id=thread.id, order="asc", after=message_obj.id)
    explained = "3x + 11 = 14에서, 양변에서 11을 빼면 3x = 3이 됩니다. 양변을 3으로 나누면 x = 1이 나옵니다."
    like(dump(messages), {"data": [message("assistant", explained, run=True)], "has_more": False, "object": "list", "first_id": Id("msg_"), "last_id": Id("msg_")})
    like(messages.first_id, messages.data[0].id)

    # In [12], [13], [14]: three threads at once, then a follow-up
    math_assistant_id = assistant.id

    def submit_message(assistant_id: str, thread: Any, user_message: str) -> Any:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=user_message)
        return client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)

    def get_response(thread: Any) -> Any:
        return client.beta.threads.messages.list(thread_id=thread.id, order="asc")

    def create_thread_and_run(user_input: str) -> Any:
        thread = client.beta.threads.create()
        run = submit_message(math_assistant_id, thread, user_input)
        return thread, run

    thread1, run1 = create_thread_and_run("방정식 '3x + 11 = 14'를 풀어줘")
    thread2, run2 = create_thread_and_run("선형대수에 대해 설명해줘")
    thread3, run3 = create_thread_and_run("나는 수학을 싫어해. 어떻게 하면 좋을까?")

    def cell14() -> None:
        wait_on_run(run1, thread1)
        pretty_print(get_response(thread1))
        wait_on_run(run2, thread2)
        pretty_print(get_response(thread2))
        wait_on_run(run3, thread3)
        pretty_print(get_response(thread3))
        run4 = submit_message(math_assistant_id, thread3, "고마워")
        wait_on_run(run4, thread3)
        pretty_print(get_response(thread3))

    like(printed(cell14), """# Messages
user: 방정식 '3x + 11 = 14'를 풀어줘
assistant: x = 1

# Messages
user: 선형대수에 대해 설명해줘
assistant: 선형대수는 벡터와 행렬을 사용하여 선형 방정식과 변환을 연구하는 수학 분야입니다.

# Messages
user: 나는 수학을 싫어해. 어떻게 하면 좋을까?
assistant: 작은 성취감을 느낄 수 있는 간단한 문제부터 시작해보세요.

# Messages
user: 나는 수학을 싫어해. 어떻게 하면 좋을까?
assistant: 작은 성취감을 느낄 수 있는 간단한 문제부터 시작해보세요.
user: 고마워
assistant: 천만에요!

""")

    # In [15]: code_interpreter added; the modify reads response_format back as {'type': 'text'}
    assistant = client.beta.assistants.update(math_assistant_id, tools=[{"type": "code_interpreter"}])
    like(dump(assistant), {
        "id": math_assistant_id, "created_at": TS, "description": None, "instructions": TUTOR_INSTRUCTIONS, "metadata": {}, "model": "gpt-4o",
        "name": "Math Tutor2", "object": "assistant", "tools": [{"type": "code_interpreter"}], "response_format": {"type": "text"},
        "temperature": 1.0, "tool_resources": {"code_interpreter": {"file_ids": []}, "file_search": None}, "top_p": 1.0, "reasoning_effort": None,
    })
    # In [16], [17], [18]: Fibonacci with code, and its steps oldest first
    thread, run = create_thread_and_run("코드를 사용하여 10개의 피보나치 숫자를 생성해줘")
    run = wait_on_run(run, thread)
    like(printed(lambda: pretty_print(get_response(thread))), "# Messages\nuser: 코드를 사용하여 10개의 피보나치 숫자를 생성해줘\nassistant: 첫 10개의 피보나치 숫자는 [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]입니다.\n\n")
    run_steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc")
    fib = "def fibonacci_sequence(n):\n    fib_sequence = [0, 1]\n    for i in range(2, n):\n        fib_sequence.append(fib_sequence[-1] + fib_sequence[-2])\n    return fib_sequence\n\nfibonacci_sequence(10)"
    like([dump(step.step_details) for step in run_steps.data], [
        {"tool_calls": [{"id": Id("call_"), "code_interpreter": {"input": fib, "outputs": []}, "type": "code_interpreter"}], "type": "tool_calls"},
        {"message_creation": {"message_id": Id("msg_")}, "type": "message_creation"},
    ])

    # In [22], [21]: the two cells that failed in the seed fail the same way
    try:
        client.beta.vector_stores  # type: ignore[attr-defined]
        raise AssertionError("client.beta.vector_stores exists")
    except AttributeError as error:
        like(str(error), "'Beta' object has no attribute 'vector_stores'")


QUIZ_FUNCTION = {
    "name": "display_quiz",
    "description": "학생에게 퀴즈를 표시하고 학생의 응답을 반환합니다. 하나의 퀴즈에 여러 개의 질문이 포함될 수 있습니다.",
    "parameters": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "questions": {
                "type": "array",
                "description": "제목과 옵션(객관식인 경우)이 있는 질문의 배열입니다.",
                "items": {
                    "type": "object",
                    "properties": {
                        "question_text": {"type": "string"},
                        "question_type": {"type": "string", "enum": ["MULTIPLE_CHOICE", "FREE_RESPONSE"]},
                        "choices": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["question_text"],
                },
            },
        },
        "required": ["title", "questions"],
    },
}


def display_quiz(title: str, questions: list) -> list:
    print("Quiz:", title)
    print()
    responses = []
    for q in questions:
        print(q["question_text"])
        response = ""
        if q["question_type"] == "MULTIPLE_CHOICE":
            for i, choice in enumerate(q["choices"]):
                print(f"{i}. {choice}")
            response = "a"
        elif q["question_type"] == "FREE_RESPONSE":
            response = "I don't know."
        responses.append(response)
        print()
    return responses


@flow
def nb002_quiz(_: OpenAI) -> None:
    client = new_client("quiz")
    assistant = client.beta.assistants.create(name="Math Tutor2", instructions=TUTOR_INSTRUCTIONS, model="gpt-4o")
    math_assistant_id = assistant.id
    # In [43]
    assistant = client.beta.assistants.update(
        math_assistant_id, tools=[{"type": "code_interpreter"}, {"type": "file_search"}, {"type": "function", "function": QUIZ_FUNCTION}]
    )
    like(dump(assistant)["tools"], [
        {"type": "code_interpreter"}, FILE_SEARCH_TOOL, {"function": {**QUIZ_FUNCTION, "strict": False}, "type": "function"},
    ])
    # In [44], [45]
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="두 가지 질문으로 퀴즈를 만들어줘. 하나는 주관식, 하나는 객관식으로, 그런 다음 답변에 대한 피드백을 보내줘")
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    run = settle(client, thread, run)
    like(run.status, "requires_action")
    quiz_args = '{"title": "수학 퀴즈", "questions": [{"question_text": "2의 제곱은 무엇인가요?", "question_type": "FREE_RESPONSE"}, {"question_text": "3의 세제곱은 얼마인가요?", "question_type": "MULTIPLE_CHOICE", "choices": ["6", "9", "27", "81"]}]}'
    tools = dump(assistant)["tools"]
    like(dump(run), run_object("gpt-4o", TUTOR_INSTRUCTIONS, "requires_action", tools, started_at=TS, response_format={"type": "text"}, required_action={
        "submit_tool_outputs": {"tool_calls": [
            {"id": Id("call_"), "function": {"arguments": quiz_args, "name": "display_quiz"}, "type": "function"},
            {"id": Id("call_"), "function": {"arguments": Type(str), "name": "display_quiz"}, "type": "function"},
        ]},
        "type": "submit_tool_outputs",
    }))
    # In [46], [47]
    tool_call = run.required_action.submit_tool_outputs.tool_calls[0]
    arguments = json.loads(tool_call.function.arguments)
    like(tool_call.function.name, "display_quiz")
    answered: List[list] = []
    out = printed(lambda: (answered.append(display_quiz(arguments["title"], arguments["questions"])), print("Responses:", answered[0])))
    like(out, "Quiz: 수학 퀴즈\n\n2의 제곱은 무엇인가요?\n\n3의 세제곱은 얼마인가요?\n0. 6\n1. 9\n2. 27\n3. 81\n\nResponses: [\"I don't know.\", 'a']\n")
    # In [48]: one output for two calls is the seed's 400, word for word
    ids = [call.id for call in run.required_action.submit_tool_outputs.tool_calls]
    try:
        client.beta.threads.runs.submit_tool_outputs(
            thread_id=thread.id, run_id=run.id, tool_outputs=[{"tool_call_id": tool_call.id, "output": json.dumps(answered[0])}]
        )
        raise AssertionError("submit_tool_outputs with one of two outputs succeeded")
    except openai.BadRequestError as error:
        like(str(error), f"Error code: 400 - {{'error': {{'message': \"Expected tool outputs for call_ids {ids!r}, got {[tool_call.id]!r}\", 'type': 'invalid_request_error', 'param': None, 'code': None}}}}")
    # In [49]: the run still waits; the thread holds only the question
    run = settle(client, thread, run)
    like(printed(lambda: pretty_print(client.beta.threads.messages.list(thread_id=thread.id, order="asc"))),
         "# Messages\nuser: 두 가지 질문으로 퀴즈를 만들어줘. 하나는 주관식, 하나는 객관식으로, 그런 다음 답변에 대한 피드백을 보내줘\n\n")


def main(argv: List[str]) -> int:
    global BASE_URL
    if not hasattr(OpenAI(api_key="x", base_url="http://127.0.0.1:1/v1").beta, "assistants"):
        print(f"openai {openai.__version__} has no beta.assistants", file=sys.stderr)
        return 2
    if argv[1:] == ["--list"]:
        print("\n".join(fn.__name__ for fn in FLOWS))
        return 0
    BASE_URL = argv[1]
    chosen = [fn for fn in FLOWS if len(argv) < 3 or fn.__name__ in argv[2:]]
    failed = 0
    for fn in chosen:
        try:
            fn(new_client(fn.__name__))
            print(f"ok   {fn.__name__}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}\n{traceback.format_exc()}", flush=True)
    print(f"{len(chosen) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
