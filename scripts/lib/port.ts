import net from 'node:net';

/** Fails with a clear message when something else already listens on the port we are about to use. */
export async function assertPortFree(port: number, host: string, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `${host}:${port} is already in use, so ${what} cannot start there. Stop whatever listens on it (ss -ltnp | grep :${port}) or choose another port.`,
            )
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
