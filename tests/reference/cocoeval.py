"""COCO's reference detection evaluation (pycocotools' COCOeval), for the differential tests.

Reads one JSON object on stdin: {"images": [...], "annotations": [...], "categories": [...],
"results": [...], "groups": {"name": [image ids], ...}} and prints {"overall": {"ap50", "ap5095"},
"groups": {"name": {"ap50", "ap5095"}}, "seconds": ...} on stdout: AP at IoU 0.5 and AP over
0.50:0.95 for all images, and for each group's images alone (params.imgIds), with the default
parameters (every area, 100 detections an image).
"""
import contextlib
import json
import sys
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def evaluate(truth, results, image_ids):
    evaluation = COCOeval(truth, results, "bbox")
    evaluation.params.imgIds = sorted(image_ids)
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    return {"ap50": float(evaluation.stats[1]), "ap5095": float(evaluation.stats[0])}


def main():
    data = json.load(sys.stdin)
    # pycocotools prints its progress; stdout carries only the answer.
    with contextlib.redirect_stdout(sys.stderr):
        truth = COCO()
        truth.dataset = {"images": data["images"], "annotations": data["annotations"], "categories": data["categories"]}
        truth.createIndex()
        results = truth.loadRes(data["results"])
        started = time.perf_counter()
        overall = evaluate(truth, results, [image["id"] for image in data["images"]])
        seconds = time.perf_counter() - started
        groups = {name: evaluate(truth, results, ids) for name, ids in data.get("groups", {}).items()}
    json.dump({"overall": overall, "groups": groups, "seconds": seconds}, sys.stdout)


if __name__ == "__main__":
    main()
