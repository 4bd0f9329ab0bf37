# Two asyncio tasks on asyncio.Queue mailboxes, 200,000 round trips.
import asyncio


async def ponger(inbox):
    while True:
        sender = await inbox.get()
        sender.put_nowait(inbox)


async def pinger(peer, n):
    mailbox = asyncio.Queue()
    for _ in range(n):
        peer.put_nowait(mailbox)
        await mailbox.get()
    print("actor_ping_pong round_trips=200000")


async def main():
    inbox = asyncio.Queue()
    task = asyncio.create_task(ponger(inbox))
    await pinger(inbox, 200_000)
    task.cancel()


asyncio.run(main())
