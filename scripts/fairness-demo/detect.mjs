// Runs one of face-api's face detectors over the images of a COCO file and writes
// COCO detection results: [{image_id, category_id, bbox: [x, y, w, h], score}].
//
//   node scripts/fairness-demo/detect.mjs --detector ssd|tiny --coco annotations.json \
//     --images DIR --out results.json [--min-score 0.05] [--backend wasm|cpu] [--input-size 512]
//
// --input-size applies to the tiny detector only. Up to 100 detections per image, best first.
// Fully offline: the weights come from the installed @vladmandic/face-api package, JPEGs are
// decoded in pure JS (jpeg-js) and inference runs on the tfjs WASM backend (default; its
// .wasm binaries ship inside @tensorflow/tfjs-backend-wasm) or the pure-JS CPU backend.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

const require = createRequire(import.meta.url);
const MAX_DETECTIONS = 100;
const OPTIONS = {
  detector: { type: "string" },
  coco: { type: "string" },
  images: { type: "string" },
  out: { type: "string" },
  "min-score": { type: "string", default: "0.05" },
  backend: { type: "string", default: "wasm" },
  "input-size": { type: "string", default: "512" },
};
const USAGE = "usage: detect.mjs --detector ssd|tiny --coco FILE --images DIR --out FILE "
  + "[--min-score 0.05] [--backend wasm|cpu] [--input-size 512]";

function fail(message) {
  throw Object.assign(new Error(message), { expected: true });
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS }));
  } catch (err) {
    fail(`${err.message}\n${USAGE}`); // unknown option, missing value, stray positional argument
  }
  for (const name of ["detector", "coco", "images", "out"]) {
    if (!values[name]) fail(`missing --${name}\n${USAGE}`);
  }
  if (!["ssd", "tiny"].includes(values.detector)) fail(`--detector must be ssd or tiny, not "${values.detector}"`);
  if (!["wasm", "cpu"].includes(values.backend)) fail(`--backend must be wasm or cpu, not "${values.backend}"`);
  const minScore = Number(values["min-score"]);
  if (!(minScore >= 0 && minScore <= 1)) fail(`--min-score must be a number in [0, 1], not "${values["min-score"]}"`);
  // The tiny detector is fully convolutional: any multiple of 32 works; larger finds smaller faces.
  const inputSize = Number(values["input-size"]);
  if (!(Number.isInteger(inputSize) && inputSize >= 32 && inputSize % 32 === 0)) {
    fail(`--input-size must be a positive multiple of 32, not "${values["input-size"]}"`);
  }
  // Checked up front so that a typo does not cost a whole detection run.
  if (!statSync(values.images, { throwIfNoEntry: false })?.isDirectory()) {
    fail(`--images is not a directory: ${values.images}`);
  }
  const out = path.resolve(values.out);
  if (!statSync(path.dirname(out), { throwIfNoEntry: false })?.isDirectory()) {
    fail(`output directory does not exist: ${path.dirname(out)}`);
  }
  return { ...values, out, minScore, inputSize };
}

function readCoco(file) {
  if (!existsSync(file)) fail(`COCO file not found: ${file}`);
  let coco;
  try {
    coco = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    fail(`COCO file ${file} is not valid JSON: ${err.message}`);
  }
  if (!Array.isArray(coco?.images)) fail(`COCO file ${file} has no "images" array`);
  if (!Array.isArray(coco.categories)) fail(`COCO file ${file} has no "categories" array`);
  const faces = coco.categories.filter((c) => c?.name === "face");
  if (faces.length !== 1) {
    fail(`COCO file ${file} must have exactly one category named "face" (found ${faces.length})`);
  }
  for (const image of coco.images) {
    const ok = image && image.id != null && typeof image.file_name === "string"
      && Number.isInteger(image.width) && Number.isInteger(image.height);
    if (!ok) fail(`COCO file ${file}: image entry needs id, file_name, width and height: ${JSON.stringify(image)}`);
  }
  return { images: coco.images, categoryId: faces[0].id };
}

// Decodes a JPEG into a [h, w, 3] int32 tensor (RGB; grayscale and CMYK are converted by jpeg-js).
// EXIF orientation is not applied: the tensor has the stored pixel layout.
function loadImage(tf, jpeg, file, image) {
  if (!existsSync(file)) fail(`image ${image.id} (${image.file_name}): file not found: ${file}`);
  let decoded;
  try {
    decoded = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: false });
  } catch (err) {
    fail(`image ${image.id} (${image.file_name}): cannot decode as JPEG: ${err.message}`);
  }
  const { width, height, data } = decoded;
  if (width !== image.width || height !== image.height) {
    fail(`image ${image.id} (${image.file_name}): decoded size ${width}x${height} `
      + `differs from the COCO file's ${image.width}x${image.height}`);
  }
  return tf.tensor3d(data, [height, width, 3], "int32");
}

// Clamps a detection box to the image and rounds it; null when nothing is left of it.
function toCocoBox(box, width, height) {
  const round = (v) => Math.round(v * 100) / 100;
  const x0 = round(Math.min(Math.max(box.x, 0), width));
  const y0 = round(Math.min(Math.max(box.y, 0), height));
  const x1 = round(Math.min(Math.max(box.x + box.width, 0), width));
  const y1 = round(Math.min(Math.max(box.y + box.height, 0), height));
  if (!(x1 > x0 && y1 > y0)) return null;
  return [x0, y0, round(x1 - x0), round(y1 - y0)];
}

async function main() {
  const started = performance.now();
  const opts = parseOptions();
  const { images, categoryId } = readCoco(opts.coco);

  // The node-wasm build of face-api brings @tensorflow/tfjs (with the CPU backend) and the
  // WASM backend; its own `tf` must be used to build tensors so that instanceof checks pass.
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js");
  const jpeg = require("jpeg-js");
  const tf = faceapi.tf;
  tf.enableProdMode(); // also silences the CPU backend's "install tfjs-node" banner
  if (!(await tf.setBackend(opts.backend))) fail(`cannot initialise the tfjs ${opts.backend} backend`);
  await tf.ready();

  const modelDir = path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
  const net = opts.detector === "ssd" ? faceapi.nets.ssdMobilenetv1 : faceapi.nets.tinyFaceDetector;
  const manifest = path.join(modelDir, `${net.getDefaultModelName()}-weights_manifest.json`);
  if (!existsSync(manifest)) fail(`model weights not found: ${manifest} (is npm ci done?)`);
  await net.loadFromDisk(modelDir);
  const options = opts.detector === "ssd"
    ? new faceapi.SsdMobilenetv1Options({ minConfidence: opts.minScore, maxResults: MAX_DETECTIONS })
    : new faceapi.TinyFaceDetectorOptions({ inputSize: opts.inputSize, scoreThreshold: opts.minScore });

  const results = [];
  for (const image of images) {
    const tensor = loadImage(tf, jpeg, path.resolve(opts.images, image.file_name), image);
    let detections;
    try {
      detections = await faceapi.detectAllFaces(tensor, options);
    } finally {
      tensor.dispose();
    }
    // Boxes are already in the pixel coordinates of the input tensor, i.e. the original image.
    detections
      .map((d) => ({ bbox: toCocoBox(d.box, image.width, image.height), score: Math.min(Math.max(d.score, 0), 1) }))
      .filter((d) => d.bbox && d.score >= opts.minScore)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_DETECTIONS)
      .forEach((d) => results.push({ image_id: image.id, category_id: categoryId, bbox: d.bbox, score: d.score }));
  }

  // Write next to the target and rename, so a failed run never leaves a partial results file.
  const { out } = opts;
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(results)}\n`);
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    fail(`cannot write ${out}: ${err.message}`);
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`detect: detector=${opts.detector} backend=${tf.getBackend()} images=${images.length} `
    + `detections=${results.length} seconds=${seconds}\n`);
}

main().catch((err) => {
  process.stderr.write(`detect.mjs: error: ${err.expected ? err.message : err.stack ?? err}\n`);
  process.exit(1);
});
