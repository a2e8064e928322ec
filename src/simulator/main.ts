import { createSimulator } from './create-simulator';

/** `npm run simulator`: the Contoso tenant on https://localhost:8443 with the outage replaying on its own. */
async function main(env = process.env) {
  const sim = await createSimulator({
    port: Number(env.SIMULATOR_PORT) || 8443,
    latencyMs: Number(env.SIMULATOR_LATENCY_MS) || 0,
    timelineSpeed: Number(env.SIMULATOR_TIMELINE_SPEED) || 1,
    generatedUsers: env.SIMULATOR_USERS !== undefined ? Number(env.SIMULATOR_USERS) : 2000,
    tlsDir: env.SIMULATOR_TLS_DIR,
    timeline: 'auto',
  });
  console.log(`Graph simulator (tenant Contoso) listening on ${sim.baseUrl}`);
  console.log(`Certificate: ${sim.certPath}`);
  console.log('Start the bot (or any Node client) with:');
  console.log(`  NODE_EXTRA_CA_CERTS=${sim.certPath}`);
  console.log(
    `Control plane: ${sim.url}/_sim/ (timeline, faults, calls). Outage ${sim.timeline.issueId} opens in ~${Math.round(20 / (Number(env.SIMULATOR_TIMELINE_SPEED) || 1))} s.`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('Simulator failed to start:', err instanceof Error ? err.message : err);
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') console.error('The port is taken; set SIMULATOR_PORT to another one.');
  process.exit(1);
});
