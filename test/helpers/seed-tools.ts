/** The function tools of the seed notebooks' flows, and the form of a call id, as the hosted service had them. */
export const CALL_ID = /^call_[A-Za-z0-9]{24}$/;

export const EXAMINE_SERVER = {
  type: 'function' as const,
  function: { name: 'examine_server', description: '서버 상태를 검사합니다.', parameters: { type: 'object', properties: {} } },
};

export const DISPLAY_QUIZ = {
  type: 'function' as const,
  function: { name: 'display_quiz', parameters: { type: 'object', properties: { title: { type: 'string' }, questions: { type: 'array' } } } },
};
