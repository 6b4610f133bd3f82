import os,time,sys
def snap():
    d={}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            for t in os.listdir(f'/proc/{p}/task'):
                try:
                    s=open(f'/proc/{p}/task/{t}/stat').read()
                    r=s.rindex(')'); comm=s[s.index('(')+1:r]; f=s[r+2:].split()
                    d[(p,t)]=(comm,int(f[11]),int(f[12]))
                except Exception: pass
        except Exception: pass
    return d
for k in range(int(sys.argv[1])):
    a=snap(); t0=open('/proc/stat').readline().split()[1:8]; time.sleep(2); b=snap(); t1=open('/proc/stat').readline().split()[1:8]
    dt=[int(y)-int(x) for x,y in zip(t0,t1)]
    rows=[]
    for key,(c,u,s) in b.items():
        if key in a:
            du=u-a[key][1]; ds=s-a[key][2]
            if du+ds>0: rows.append((du+ds,du,ds,key[0],key[1],c))
    rows.sort(reverse=True)
    print(time.strftime('%T'),'cpu user,nice,sys,idle,iowait,irq,softirq=',dt)
    for r in rows[:7]: print('   ',r[1:],)
