# W2 sleepers: N tasks each awaiting asyncio.sleep(0.05).
import asyncio, json, sys, time

async def sleeper():
    await asyncio.sleep(0.05)
    return 1

async def main(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
    results = await asyncio.gather(*tasks)
    ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({"ms": ms, "ok": sum(results) == n}))

asyncio.run(main(int(sys.argv[1])))
