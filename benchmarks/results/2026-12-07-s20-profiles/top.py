import collections,sys
f,thr=sys.argv[1],sys.argv[2]; n_top=int(sys.argv[3]) if len(sys.argv)>3 else 30
self_=collections.Counter(); incl=collections.Counter(); tot=0
for line in open(f):
    st,n=line.rsplit(' ',1); n=int(n)
    fr=st.split(';')
    if thr not in fr[0]: continue
    tot+=n
    self_[fr[-1]]+=n
    for x in set(fr[1:]): incl[x]+=n
print('total',tot)
print('--- self')
for k,v in self_.most_common(n_top): print('%6d %5.1f%% %s'%(v,100*v/tot,k[:150]))
print('--- inclusive')
for k,v in incl.most_common(n_top*2): print('%6d %5.1f%% %s'%(v,100*v/tot,k[:150]))
