/** Stand-in entry points: close the server once on SIGTERM/SIGINT, exit 0 when it closed cleanly, 1 when not. */
export function stopOnSignal(name: string, close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`${name}: error while closing`, err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
