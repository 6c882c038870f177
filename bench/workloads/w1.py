# W1 spawn-await: N tasks each running a trivial coroutine; gather; sum.
import asyncio, json, sys, time

async def work():
    return 1

async def main(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(work()) for _ in range(n)]
    results = await asyncio.gather(*tasks)
    total = sum(results)
    ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({"ms": ms, "ok": total == n}))

asyncio.run(main(int(sys.argv[1])))
