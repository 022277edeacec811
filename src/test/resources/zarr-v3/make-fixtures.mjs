// Writes the Zarr v3 fixtures of ZarrV3Test with zarrita (a Zarr v3 implementation for JavaScript):
//   cd /tmp/zv3 && npm install zarrita@0.7.5 @zarrita/storage@0.2.0
//   node <repo>/src/test/resources/zarr-v3/make-fixtures.mjs <repo>/src/test/resources/zarr-v3
// plain.zarr: uint16, shape (5, 9), chunks (3, 4), little-endian bytes, value = 7 * (9 * row + column);
// big.zarr: the same values as big-endian int32;
// ome.zarr: an OME-Zarr 0.5 group whose full-resolution image is the dataset "s0", float32, value = row - column / 2.
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import path from "node:path";

const out = process.argv[2];

async function array(dir, dtype, Ctor, endian, value) {
  const store = new FileSystemStore(dir);
  const a = await zarr.create(zarr.root(store), {
    shape: [5, 9], chunkShape: [3, 4], dtype,
    codecs: [{ name: "bytes", configuration: { endian } }],
  });
  const data = new Ctor(45);
  for (let r = 0; r < 5; r++) for (let c = 0; c < 9; c++) data[9 * r + c] = value(r, c);
  await zarr.set(a, null, { data, shape: [5, 9], stride: [9, 1] });
}

await array(path.join(out, "plain.zarr"), "uint16", Uint16Array, "little", (r, c) => 7 * (9 * r + c));
await array(path.join(out, "big.zarr"), "int32", Int32Array, "big", (r, c) => 7 * (9 * r + c));

const store = new FileSystemStore(path.join(out, "ome.zarr"));
const group = await zarr.create(zarr.root(store), {
  attributes: {
    ome: {
      version: "0.5",
      multiscales: [{
        axes: [{ name: "y", type: "space", unit: "micrometer" }, { name: "x", type: "space", unit: "micrometer" }],
        datasets: [{ path: "s0", coordinateTransformations: [{ type: "scale", scale: [0.5, 0.5] }] }],
      }],
    },
  },
});
const s0 = await zarr.create(group.resolve("s0"), {
  shape: [5, 9], chunkShape: [2, 5], dtype: "float32",
  codecs: [{ name: "bytes", configuration: { endian: "little" } }],
});
const f = new Float32Array(45);
for (let r = 0; r < 5; r++) for (let c = 0; c < 9; c++) f[9 * r + c] = r - c / 2;
await zarr.set(s0, null, { data: f, shape: [5, 9], stride: [9, 1] });
