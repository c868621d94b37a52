import type { Assistant } from 'openai/resources/beta/assistants';

/**
 * A scenario for a run no scenario matched, as fixture YAML: its `match` holds for that run (the
 * assistant's name and the exact user message) and a `say` waits to be edited. Strings are written as
 * JSON strings, which YAML reads unchanged (double-quoted scalars with the same escapes).
 */
export function missScenarioYaml(message: string | null, assistant: Pick<Assistant, 'name'> | undefined, name: string): string {
  const match = [
    ...(assistant?.name ? [`      assistant: { name: ${JSON.stringify(assistant.name)} }`] : []),
    ...(message !== null ? [`      message: { equals: ${JSON.stringify(message)} }`] : []),
  ];
  return [
    'scenarios:',
    `  - name: ${JSON.stringify(name)}`,
    ...(match.length > 0 ? ['    match:', ...match] : []),
    '    script:',
    `      - say: ${JSON.stringify('Write the answer here.')}`,
    '',
  ].join('\n');
}
