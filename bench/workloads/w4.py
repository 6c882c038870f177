# W4 shield-storm: N inner tasks sleeping 20 ms, each awaited through
# asyncio.shield in an outer task; cancel every outer; await the inners.
import asyncio, json, sys, time

async def inner(i):
    await asyncio.sleep(0.02)
    return i

async def outer(t):
    return await asyncio.shield(t)

async def main(n):
    t0 = time.perf_counter()
    inners = [asyncio.create_task(inner(i)) for i in range(n)]
    outers = [asyncio.create_task(outer(t)) for t in inners]
    await asyncio.sleep(0)  # every outer is suspended in its shield
    t1 = time.perf_counter()
    for o in outers:
        o.cancel()
    rs = await asyncio.gather(*outers, return_exceptions=True)
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in rs)
    t2 = time.perf_counter()
    results = await asyncio.gather(*inners)
    present = sum(1 for i, r in enumerate(results) if r == i)
    t3 = time.perf_counter()
    print(json.dumps({"ms": (t3 - t0) * 1e3, "spawnMs": (t1 - t0) * 1e3,
                      "cancelMs": (t2 - t1) * 1e3, "ok": cancelled == n and present == n}))

asyncio.run(main(int(sys.argv[1])))
