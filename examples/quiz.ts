/**
 * Parallel function calls: the assistant shows two quizzes at once (`display_quiz` twice in one
 * `requires_action`). Both outputs must go back in one request, which is the bug the notebook's
 * hand-written loop had (it answered only the first call). `npm run example:quiz`
 */
import { assertCompleted, defineTool } from '@assistants-mock/client';
import { runIfMain, withAssistant, type ExampleSession } from './session.js';

interface Quiz {
  title: string;
  questions: { question_text: string; question_type: 'FREE_RESPONSE' | 'MULTIPLE_CHOICE'; choices?: string[] }[];
}

const quizParameters = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          question_text: { type: 'string' },
          question_type: { type: 'string', enum: ['MULTIPLE_CHOICE', 'FREE_RESPONSE'] },
          choices: { type: 'array', items: { type: 'string' } },
        },
        required: ['question_text', 'question_type'],
      },
    },
  },
  required: ['title', 'questions'],
};

/** The student's answers: canned here so the example runs unattended (the notebook asked with input()). */
function answer(question: Quiz['questions'][number]): string {
  return question.question_type === 'MULTIPLE_CHOICE' ? (question.choices?.at(-2) ?? '') : '4';
}

export async function quizExample({ client, model, log }: ExampleSession): Promise<void> {
  const displayQuiz = defineTool<Quiz>({
    name: 'display_quiz',
    description: '학생에게 퀴즈를 보여 주고 답을 받아 옵니다.',
    parameters: quizParameters,
    handler: ({ title, questions }) => {
      log(`\n## ${title}`);
      const answers = questions.map((question) => {
        log(`- ${question.question_text}${question.choices ? ` (${question.choices.join(', ')})` : ''} → ${answer(question)}`);
        return answer(question);
      });
      return { answers };
    },
  });
  const teacher = {
    name: '수학 선생님',
    instructions: '퀴즈를 요청받으면 display_quiz 함수를 두 번 동시에 호출하세요: 문제 퀴즈 하나와 피드백 퀴즈 하나.',
    tools: [displayQuiz.definition],
    model,
  };
  await withAssistant(client, teacher, async (assistant) => {
    const result = await client.run({ assistantId: assistant.id, message: '수학 퀴즈를 내 주세요.', tools: [displayQuiz] });
    assertCompleted(result);
    log(`\n${result.toolCalls.length} display_quiz calls, all answered in one submission.`);
    log(result.text);
  });
}

runIfMain(import.meta.url, quizExample);
