# W6 timer order: N loop.call_later(0) then N loop.call_later(0.001); count
# inversions (pairs of callbacks that ran in the opposite order of
# (delay, scheduling)).
import asyncio, json, sys, time

def inversions(a):
    count = 0
    w = 1
    n = len(a)
    while w < n:
        out = []
        for lo in range(0, n, 2 * w):
            mid, hi = min(lo + w, n), min(lo + 2 * w, n)
            i, j = lo, mid
            while i < mid and j < hi:
                if a[i] <= a[j]:
                    out.append(a[i]); i += 1
                else:
                    count += mid - i
                    out.append(a[j]); j += 1
            out.extend(a[i:mid])
            out.extend(a[j:hi])
        a = out
        w *= 2
    return count

async def main(n):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    order = []

    def ran(ident):
        order.append(ident)
        if len(order) == 2 * n:
            done.set_result(None)

    t0 = time.perf_counter()
    for i in range(n):
        loop.call_later(0, ran, i)
    for i in range(n):
        loop.call_later(0.001, ran, n + i)
    await done
    ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({"ms": ms, "inversions": inversions(order), "ok": len(order) == 2 * n}))

asyncio.run(main(int(sys.argv[1])))
