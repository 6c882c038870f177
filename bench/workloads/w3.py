# W3 cancel-storm: N tasks in asyncio.sleep(10); cancel all; gather(return_exceptions=True).
import asyncio, json, sys, time

async def sleeper():
    await asyncio.sleep(10)

async def main(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
    await asyncio.sleep(0)  # every task runs up to its sleep
    t1 = time.perf_counter()
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    t2 = time.perf_counter()
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
    print(json.dumps({"ms": (t2 - t0) * 1e3, "spawnMs": (t1 - t0) * 1e3,
                      "cancelMs": (t2 - t1) * 1e3, "ok": cancelled == n}))

asyncio.run(main(int(sys.argv[1])))
