import re, sys, collections, subprocess
f=sys.argv[1]; skip=float(sys.argv[2]); pat=sys.argv[3]
txt=subprocess.run(['jfr','print','--events','jdk.ExecutionSample','--stack-depth','64',f],capture_output=True,text=True).stdout
evs=txt.split('jdk.ExecutionSample {')[1:]
def ts(e):
    m=re.search(r'startTime = (\d+):(\d+):(\d+)',e); return int(m.group(1))*3600+int(m.group(2))*60+int(m.group(3))
t0=min(map(ts,evs)); keep=[e for e in evs if ts(e)>=t0+skip]
net=[e for e in keep if re.search(pat, re.search(r'sampledThread = "([^"]*)"',e).group(1))]
print(f"{f}: {len(keep)} steady samples, {len(net)} on threads matching {pat}")
c=collections.Counter()
for e in net:
    fr=re.findall(r'\n\s+([\w.$]+\.[\w$<>]+)\(',e)
    # pick the frame below Sender.runOnce / poll as category
    names=[x.split('.')[-2]+'.'+x.split('.')[-1] for x in fr]
    key=None
    for cand in ['SSLEngineImpl.wrap','SSLEngineImpl.unwrap','SocketChannelImpl.write','SocketChannelImpl.read','ProduceResponseHandler.onResponse','BrokerClient.onReceive','deliverFrames','RecordAccumulator.drain','ProduceRequestSender.buildAndSend','NetworkClient.poll','Sender.sendProducerData','Sender.runOnce','doSelect','Sender.run']:
        if any(n.endswith(cand) or cand in x for n,x in zip(names,fr)):
            key=cand; break
    c[key or names[0]]+=1
for k,v in c.most_common(15): print(f"  {v:4d} {k}")
