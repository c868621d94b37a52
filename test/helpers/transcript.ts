import type OpenAI from 'openai';

/**
 * What a client sees of a thread's runs, with everything volatile taken out: ids and times are
 * dropped, a cited file is named by its file name (each server has its own file ids). Two servers
 * that played the same conversation give equal transcripts.
 */
export async function transcript(client: OpenAI, threadId: string) {
  const { beta } = client;
  const fileName = async (id: string) => (await client.files.retrieve(id)).filename;
  const messages = await Promise.all(
    (await beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })).data.map(async (message) => ({
      role: message.role,
      status: message.status,
      incomplete_details: message.incomplete_details,
      content: await Promise.all(
        message.content.map(async (part) =>
          part.type !== 'text'
            ? part
            : {
                text: part.text.value,
                annotations: await Promise.all(
                  part.text.annotations.map(async (a) =>
                    a.type === 'file_citation' ? { ...a, file_citation: { file: await fileName(a.file_citation.file_id) } } : a,
                  ),
                ),
              },
        ),
      ),
    })),
  );
  const runs = await Promise.all(
    (await beta.threads.runs.list(threadId, { order: 'asc', limit: 100 })).data.map(async (run) => ({
      status: run.status,
      last_error: run.last_error,
      incomplete_details: run.incomplete_details,
      usage: run.usage,
      steps: (await beta.threads.runs.steps.list(run.id, { thread_id: threadId, order: 'asc', limit: 100 })).data.map((step) => ({
        type: step.type,
        status: step.status,
        usage: step.usage,
        last_error: step.last_error,
        calls:
          step.step_details.type === 'tool_calls'
            ? step.step_details.tool_calls.map((call) =>
                call.type === 'function'
                  ? { function: call.function.name, arguments: call.function.arguments, output: call.function.output }
                  : call.type === 'file_search'
                    ? { file_search: (call.file_search.results ?? []).map((r) => ({ file: r.file_name, score: r.score })) }
                    : { code_interpreter: call.code_interpreter },
              )
            : null,
      })),
    })),
  );
  return { messages, runs };
}
