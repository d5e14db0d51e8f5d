import { format } from 'node:util';
import { vi } from 'vitest';

/** Every line written through console.* from now until `restore`, as it would have been printed. */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
    vi.spyOn(console, name).mockImplementation((...args: unknown[]) => void lines.push(format(...args))),
  );
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
