/** What each write failure of the file system means, in words a person can act on. */
const CAUSES: Record<string, { en: string; ru: string }> = {
  ENOSPC: { en: 'disk full', ru: 'диск заполнен' },
  EDQUOT: { en: 'disk quota exceeded', ru: 'превышена квота диска' },
  EROFS: { en: 'the data folder is read-only', ru: 'папка данных доступна только для чтения' },
  EIO: { en: 'input/output error', ru: 'ошибка ввода-вывода' },
  EACCES: { en: 'permission denied', ru: 'нет прав на запись' },
  EPERM: { en: 'permission denied', ru: 'нет прав на запись' },
  EFBIG: { en: 'file too large', ru: 'файл слишком большой' },
};

/**
 * The relay could not write to its data folder. Nothing that depended on the write has happened:
 * whoever catches it stops what it was doing (a mailing pauses, a send is refused) and the rest of
 * the relay keeps serving.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly messageRu: string;

  constructor(
    /** The file system's code: ENOSPC, EROFS, EIO … */
    readonly fsCode: string,
    readonly file: string,
  ) {
    const cause = CAUSES[fsCode] ?? { en: fsCode, ru: fsCode };
    super(`The relay cannot write to its data folder: ${cause.en}`);
    this.messageRu = `Сервер не может записать данные: ${cause.ru}`;
  }

  /** A failed write's error as a StorageError; anything that is not a write failure is passed through. */
  static from(error: unknown, file: string): unknown {
    if (error instanceof StorageError) return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return code && code in CAUSES ? new StorageError(code, file) : error;
  }
}
