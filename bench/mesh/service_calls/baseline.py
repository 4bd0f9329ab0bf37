# A bare future-based request/reply: the server task answers each request by
# resolving the caller's future; 200,000 round trips.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    state = {"count": 0}
    pending = []
    wake = loop.create_future()

    async def server():
        nonlocal wake
        while True:
            await wake
            wake = loop.create_future()
            while pending:
                step, fut = pending.pop()
                state["count"] += step
                fut.set_result(state["count"])

    task = asyncio.create_task(server())
    checksum = 0
    for _ in range(200_000):
        fut = loop.create_future()
        pending.append((1, fut))
        if not wake.done():
            wake.set_result(None)
        checksum += await fut
    task.cancel()
    print(f"service_calls calls=200000 checksum={checksum}")


asyncio.run(main())
