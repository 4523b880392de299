// The committed C# contract types must match the artifacts: a contract change without
// regenerating them (node deploy/generate-csharp.mjs, which the bootstrap runs) fails here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";

describe("generated C# contract access", () => {
  it("is up to date with the compiled artifacts", () => {
    const run = spawnSync(process.execPath, ["deploy/generate-csharp.mjs", "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });
});
