# W9 await cost: one task awaiting N already-finished coroutine calls.
import asyncio, json, sys, time

async def f():
    return 1

async def loop(n):
    s = 0
    for _ in range(n):
        s += await f()
    return s

async def main(n):
    t0 = time.perf_counter()
    s = await loop(n)
    ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({"ms": ms, "ok": s == n}))

asyncio.run(main(int(sys.argv[1])))
