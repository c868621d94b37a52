/** The page's words in English and Korean; the language follows the browser until the user picks one. */
const WORDS = {
  en: {
    threads: 'Threads', live: 'Live', misses: 'Misses', scenarios: 'Scenarios', stores: 'Vector stores', requests: 'Requests',
    apiKey: 'API key', useKey: 'Use', noKey: 'Enter the API key your tests use: the page shows that key\'s objects only.',
    loading: 'Loading…', empty: 'Nothing here yet.', older: 'Older', newest: 'Newest', error: 'Error',
    conversation: 'Conversation', runs: 'Runs', run: 'Run', created: 'Created', firstMessage: 'First message', latestRun: 'Latest run',
    attachments: 'Attachments', sources: 'Sources', timeline: 'Status history', steps: 'Steps', usage: 'Usage', playedBy: 'Played by',
    scenario: 'scenario', refused: 'no scenario', unknownSource: 'unknown', callsAsked: 'Calls asked', outputsGiven: 'Outputs submitted',
    arguments: 'Arguments', output: 'Output', input: 'Input', outputs: 'Outputs', query: 'Query', results: 'Results', score: 'score',
    events: 'Events as they arrive', following: 'Following this run live', noOutputYet: '(no output yet)', message: 'Message',
    nearest: 'Nearest scenario', whatDiffered: 'What differed', copyYaml: 'Copy scenario YAML', copied: 'Copied', noNearest: 'No scenarios loaded',
    scopeKey: 'this key', scopeAll: 'every key', match: 'Match', script: 'Script', files: 'Files', search: 'Search', searchPlaceholder: 'Search this store',
    noJournal: 'This server keeps no request journal.', skip: 'Skip to content', model: 'Model', firstHundred: 'The first 100 messages of this thread.', language: '한국어', recentRuns: 'Runs that changed lately', thread: 'Thread', status: 'Status',
  },
  ko: {
    threads: '스레드', live: '실시간', misses: '매칭 실패', scenarios: '시나리오', stores: '벡터 스토어', requests: '요청 기록',
    apiKey: 'API 키', useKey: '사용', noKey: '테스트에서 쓰는 API 키를 입력하세요. 그 키의 객체만 보입니다.',
    loading: '불러오는 중…', empty: '아직 없습니다.', older: '이전', newest: '최신', error: '오류',
    conversation: '대화', runs: '실행', run: '실행', created: '생성', firstMessage: '첫 메시지', latestRun: '최근 실행',
    attachments: '첨부 파일', sources: '출처', timeline: '상태 기록', steps: '단계', usage: '토큰 사용량', playedBy: '재생한 것',
    scenario: '시나리오', refused: '시나리오 없음', unknownSource: '알 수 없음', callsAsked: '요청된 호출', outputsGiven: '제출된 출력',
    arguments: '인자', output: '출력', input: '입력', outputs: '출력', query: '검색어', results: '결과', score: '점수',
    events: '도착하는 이벤트', following: '이 실행을 실시간으로 따라가는 중', noOutputYet: '(아직 출력 없음)', message: '메시지',
    nearest: '가장 가까운 시나리오', whatDiffered: '다른 점', copyYaml: '시나리오 YAML 복사', copied: '복사됨', noNearest: '불러온 시나리오 없음',
    scopeKey: '이 키 전용', scopeAll: '모든 키', match: '조건', script: '스크립트', files: '파일', search: '검색', searchPlaceholder: '이 스토어에서 검색',
    noJournal: '이 서버는 요청 기록을 남기지 않습니다.', skip: '본문으로 건너뛰기', model: '모델', firstHundred: '이 스레드의 처음 100개 메시지입니다.', language: 'English', recentRuns: '최근에 바뀐 실행', thread: '스레드', status: '상태',
  },
} as const;

export type Lang = keyof typeof WORDS;
export type Word = keyof (typeof WORDS)['en'];

let lang: Lang = (localStorage.getItem('assistants-mock.lang') as Lang | null) ?? (navigator.language.startsWith('ko') ? 'ko' : 'en');

export const t = (word: Word): string => WORDS[lang][word];
export const currentLang = (): Lang => lang;

export function toggleLang(): void {
  lang = lang === 'en' ? 'ko' : 'en';
  localStorage.setItem('assistants-mock.lang', lang);
}

/** A Unix time in seconds, in the page's language. */
export const when = (seconds: number | null | undefined): string =>
  seconds ? new Date(seconds * 1000).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB') : '—';
