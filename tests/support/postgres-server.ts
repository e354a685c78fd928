import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, cp, mkdtemp, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./redis-server.ts";

/** Debian's PostgreSQL binaries (the newest installed major version). */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest)
    throw new Error("PostgreSQL is not installed: run `node scripts/bootstrap.mjs --test`");
  return path.join(root, newest, "bin");
}

export interface TestPostgres {
  /** The server's maintenance database, for creating and dropping test databases. */
  adminUrl: string;
  port: number;
  /** A new empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server of its own on a free loopback port and a temporary data folder,
 * tuned for throw-away data (no fsync). initdb refuses to run as root, so as root the server
 * runs as Debian's `postgres` user.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    asUser.uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    asUser.gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  }
  const template = await initdbTemplate(bin, asUser);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "qoldau-postgres-"));
  await cp(template, dataDir, { recursive: true });
  if (asUser.uid !== undefined)
    execFileSync("chown", ["-R", `${asUser.uid}:${asUser.gid}`, dataDir]);
  await chmod(dataDir, 0o700);
  const port = await freePort();
  const server = spawn(
    path.join(bin, "postgres"),
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
      "-c",
      "shared_buffers=64MB",
    ],
    { ...asUser, stdio: ["ignore", "ignore", "pipe"], cwd: dataDir },
  );
  let stderr = "";
  server.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForPostgres(adminUrl, server, exited, () => stderr);

  return {
    adminUrl,
    port,
    createDatabase: () => createDatabaseOn(adminUrl),
    dropDatabase: (url) => dropDatabaseOn(adminUrl, url),
    async stop() {
      if (server.exitCode === null) {
        // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing is kept.
        server.kill("SIGINT");
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function asAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server of `adminUrl` (one per test file or test); its URL. */
export async function createDatabaseOn(adminUrl: string): Promise<string> {
  const name = `qoldau_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await asAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabaseOn(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^qoldau_\w+$/.test(name)) throw new Error(`not a test database: ${name}`);
  await asAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/**
 * initdb takes seconds; its output depends only on the version and the options, so it runs once
 * per machine into a template folder that every test run copies (renamed into place whole, so
 * two runs starting at once never see half a template).
 */
async function initdbTemplate(bin: string, asUser: { uid?: number; gid?: number }) {
  const version = path.basename(path.dirname(bin));
  const template = path.join(
    os.tmpdir(),
    `qoldau-postgres-template-${version}-${process.getuid?.() ?? 0}`,
  );
  if (existsSync(path.join(template, "PG_VERSION"))) return template;
  const building = await mkdtemp(path.join(os.tmpdir(), "qoldau-postgres-initdb-"));
  if (asUser.uid !== undefined && asUser.gid !== undefined)
    await chown(building, asUser.uid, asUser.gid);
  execFileSync(
    path.join(bin, "initdb"),
    [
      "-D",
      building,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ],
    { ...asUser, stdio: "pipe", cwd: building },
  );
  try {
    await rename(building, template);
  } catch {
    // Another run renamed its template first; theirs is as good as ours.
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

async function waitForPostgres(
  url: string,
  server: ChildProcess,
  exited: Promise<number | null>,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  let early = false;
  void exited.then(() => {
    early = true;
  });
  while (Date.now() < deadline) {
    if (early || server.exitCode !== null)
      throw new Error(`postgres exited at start: ${log().trim()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server.kill("SIGINT");
  throw new Error(`postgres did not answer within 30 s: ${log().trim()}`);
}
